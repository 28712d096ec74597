package ports

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseInterfaceFlag parses a simple_switch style interface flag value,
// "<port>@<interface>" such as "1@veth1", into the port number and the
// interface name. The number may not be the drop port; whether it is the
// CPU port is for the Set to say.
func ParseInterfaceFlag(v string) (num uint32, ifname string, err error) {
	n, name, ok := strings.Cut(v, "@")
	if !ok {
		return 0, "", fmt.Errorf("interface %q: want <port>@<interface>", v)
	}
	u, err := strconv.ParseUint(n, 10, 32)
	if err != nil {
		return 0, "", fmt.Errorf("interface %q: port number: %w", v, err)
	}
	if uint32(u) == DropPort {
		return 0, "", fmt.Errorf("interface %q: port %d is the drop port", v, DropPort)
	}
	if name == "" || len(name) > 15 || strings.ContainsAny(name, "/ \t\n@") {
		return 0, "", fmt.Errorf("interface %q: bad interface name %q", v, name)
	}
	return uint32(u), name, nil
}

// InterfaceFlag is one parsed "<port>@<interface>" value.
type InterfaceFlag struct {
	Port uint32
	Name string
}

// InterfaceFlags collects repeated -i flags; it implements flag.Value (and
// pflag.Value, whose Type method it also has).
type InterfaceFlags []InterfaceFlag

// String implements flag.Value.
func (f *InterfaceFlags) String() string {
	var b strings.Builder
	for i, v := range *f {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d@%s", v.Port, v.Name)
	}
	return b.String()
}

// Set implements flag.Value: it parses v and appends it, rejecting a port
// number or interface given twice.
func (f *InterfaceFlags) Set(v string) error {
	n, name, err := ParseInterfaceFlag(v)
	if err != nil {
		return err
	}
	for _, o := range *f {
		if o.Port == n || o.Name == name {
			return fmt.Errorf("interface %q: clashes with %d@%s", v, o.Port, o.Name)
		}
	}
	*f = append(*f, InterfaceFlag{Port: n, Name: name})
	return nil
}

// Type implements pflag.Value.
func (f *InterfaceFlags) Type() string { return "port@iface" }
