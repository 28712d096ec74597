package packet

// A Layer is one header (or the payload) of a frame Build composes:
// *EthernetFields, *VLANFields, *IPv4Fields, *UDPFields, *VXLANFields or
// Payload.
type Layer interface {
	size() int
}

// Payload is raw bytes ending a frame (or an inner frame after VXLAN).
type Payload []byte

func (*EthernetFields) size() int { return EthernetSize }
func (*VLANFields) size() int     { return VLANSize }
func (*IPv4Fields) size() int     { return IPv4MinSize }
func (*UDPFields) size() int      { return UDPSize }
func (*VXLANFields) size() int    { return VXLANSize }
func (p Payload) size() int       { return len(p) }

// Build returns a new frame made of layers, outermost first. Zero
// EtherTypes and IPv4 protocols are filled in from the next layer, IPv4
// total length and UDP length from what follows, the IPv4 checksum always
// and the UDP checksum unless NoChecksum is set. The fields structs are
// not modified. Build is for tests and tools, not for the fast path.
func Build(layers ...Layer) []byte {
	n := 0
	for _, l := range layers {
		n += l.size()
	}
	b := make([]byte, n)
	off := make([]int, len(layers)+1)
	for i, l := range layers {
		off[i+1] = off[i] + l.size()
	}
	next := func(i int) Layer {
		if i+1 < len(layers) {
			return layers[i+1]
		}
		return nil
	}
	// Encode innermost first so that checksums see their payloads.
	for i := len(layers) - 1; i >= 0; i-- {
		h := b[off[i]:]
		switch l := layers[i].(type) {
		case *EthernetFields:
			f := *l
			if f.Type == 0 {
				f.Type = etherTypeOf(next(i))
			}
			Ethernet(h).Encode(&f)
		case *VLANFields:
			f := *l
			if f.Type == 0 {
				f.Type = etherTypeOf(next(i))
			}
			VLAN(h).Encode(&f)
		case *IPv4Fields:
			f := *l
			if f.Protocol == 0 {
				switch next(i).(type) {
				case *UDPFields:
					f.Protocol = ProtocolUDP
				}
			}
			f.TotalLength = uint16(n - off[i])
			IPv4(h).Encode(&f)
			if u, ok := next(i).(*UDPFields); ok && !u.NoChecksum && u.Checksum == 0 {
				udp := UDP(b[off[i+1]:])
				udp.SetChecksum(udp.CalculateChecksum(f.Src, f.Dst))
			}
		case *UDPFields:
			f := *l
			if f.DstPort == 0 {
				if _, ok := next(i).(*VXLANFields); ok {
					f.DstPort = PortVXLAN
				}
			}
			f.Length = uint16(n - off[i])
			UDP(h).Encode(&f)
		case *VXLANFields:
			VXLAN(h).Encode(l)
		case Payload:
			copy(h, l)
		}
	}
	return b
}

func etherTypeOf(l Layer) uint16 {
	switch l.(type) {
	case *VLANFields:
		return EtherTypeVLAN
	case *IPv4Fields:
		return EtherTypeIPv4
	}
	return 0
}
