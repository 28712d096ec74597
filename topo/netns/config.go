package netns

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Lab is the topology file (topo/lab.yaml): one VCN with one subnet, smart
// ToRs with hosts behind them, one substrate segment shared with the NIS.
type Lab struct {
	// Prefix is put before every namespace name, so that two labs (make
	// lab and the test) can coexist.
	Prefix string `yaml:"prefix"`
	VCN    struct {
		ID   string       `yaml:"id"`
		CIDR netip.Prefix `yaml:"cidr"`
		VNI  uint32       `yaml:"vni"`
	} `yaml:"vcn"`
	Subnet struct {
		ID     string       `yaml:"id"`
		CIDR   netip.Prefix `yaml:"cidr"`
		Router netip.Addr   `yaml:"router"`
	} `yaml:"subnet"`
	Substrate struct {
		CIDR   netip.Prefix `yaml:"cidr"`
		NIS    netip.Addr   `yaml:"nis"`
		NISMAC string       `yaml:"nisMAC"`
	} `yaml:"substrate"`
	// Management is a /30 between the tor namespace (first address) and
	// the NIS namespace (second) for the gRPC APIs.
	Management netip.Prefix `yaml:"management"`
	ToRs       []ToR        `yaml:"tors"`
	Hosts      []Host       `yaml:"hosts"`
}

// ToR is one smart ToR: a smarttor switch and its tor-agent.
type ToR struct {
	Name      string     `yaml:"name"`
	VTEP      netip.Addr `yaml:"vtep"`
	RouterMAC string     `yaml:"routerMAC"`
}

// Host is one instance: a namespace whose eth0 is the VNIC.
type Host struct {
	Name string     `yaml:"name"`
	ToR  string     `yaml:"tor"`
	Port uint32     `yaml:"port"`
	IP   netip.Addr `yaml:"ip"`
	MAC  string     `yaml:"mac"`
}

// SubstratePort is the P4 port of every ToR's substrate link.
const SubstratePort = 9

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]{0,7}$`)

// Load reads and checks a topology file.
func Load(path string) (*Lab, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// Parse decodes and checks a topology.
func Parse(data []byte) (*Lab, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	l := &Lab{}
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("decoding topology: %w", err)
	}
	if err := l.check(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Lab) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !regexp.MustCompile(`^[a-z0-9-]{0,8}$`).MatchString(l.Prefix) {
		bad("prefix %q: want at most 8 of [a-z0-9-]", l.Prefix)
	}
	if l.VCN.ID == "" || !l.VCN.CIDR.IsValid() || l.VCN.VNI == 0 || l.VCN.VNI >= 1<<24 {
		bad("vcn: id, cidr and a 24-bit non-zero vni are required")
	}
	if l.Subnet.ID == "" || !l.Subnet.CIDR.IsValid() || !l.Subnet.CIDR.Contains(l.Subnet.Router) {
		bad("subnet: id, cidr and a router inside it are required")
	}
	if !l.Substrate.CIDR.IsValid() || !l.Substrate.CIDR.Contains(l.Substrate.NIS) {
		bad("substrate: cidr and a nis address inside it are required")
	}
	if _, err := vcn.ParseMAC(l.Substrate.NISMAC); err != nil {
		bad("substrate.nisMAC: %w", err)
	}
	if !l.Management.IsValid() || !l.Management.Addr().Is4() || l.Management.Bits() != 30 {
		bad("management: want an IPv4 /30")
	}
	if len(l.ToRs) == 0 {
		bad("no tors")
	}
	tors := map[string]bool{}
	for i, t := range l.ToRs {
		if !nameRE.MatchString(t.Name) || tors[t.Name] {
			bad("tors[%d]: name %q: want a unique [a-z][a-z0-9]{0,7}", i, t.Name)
		}
		tors[t.Name] = true
		if !l.Substrate.CIDR.Contains(t.VTEP) {
			bad("tors[%d]: vtep %v is not in the substrate", i, t.VTEP)
		}
		if _, err := vcn.ParseMAC(t.RouterMAC); err != nil {
			bad("tors[%d]: routerMAC: %w", i, err)
		}
	}
	names := map[string]bool{"tor": true, "nis": true, "substrate": true}
	ports := map[string]bool{}
	for i, h := range l.Hosts {
		if !nameRE.MatchString(h.Name) || names[h.Name] {
			bad("hosts[%d]: name %q: want a unique [a-z][a-z0-9]{0,7}, not tor, nis or substrate", i, h.Name)
		}
		names[h.Name] = true
		if !tors[h.ToR] {
			bad("hosts[%d]: unknown tor %q", i, h.ToR)
		}
		key := fmt.Sprintf("%s/%d", h.ToR, h.Port)
		if h.Port == 0 || h.Port >= 100 || h.Port == SubstratePort || ports[key] {
			bad("hosts[%d]: port %d: want a unique port in 1..99 other than %d", i, h.Port, SubstratePort)
		}
		ports[key] = true
		if !l.Subnet.CIDR.Contains(h.IP) || h.IP == l.Subnet.Router {
			bad("hosts[%d]: ip %v is not a host address of the subnet", i, h.IP)
		}
		if _, err := vcn.ParseMAC(h.MAC); err != nil {
			bad("hosts[%d]: mac: %w", i, err)
		}
	}
	return errors.Join(errs...)
}
