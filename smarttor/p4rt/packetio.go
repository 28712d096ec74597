package p4rt

import (
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
)

// packetOut packs the packet_out metadata in front of the payload and
// injects the frame.
func (s *Server) packetOut(p *p4v1.PacketOut) error {
	s.mu.RLock()
	pipe := s.pipe
	s.mu.RUnlock()
	if pipe == nil {
		return Errorf(codes.FailedPrecondition, "no forwarding pipeline config set")
	}
	frame, err := packHeader(pipe.packetOut, p.GetMetadata(), p.GetPayload())
	if err != nil {
		return err
	}
	return s.target.PacketOut(frame)
}

// packHeader bit-packs metadata (by id, every field required) into the
// header h, most significant bit first, followed by payload.
func packHeader(h *ctrlHeader, md []*p4v1.PacketMetadata, payload []byte) ([]byte, error) {
	if h == nil {
		if len(md) != 0 {
			return nil, Errorf(codes.InvalidArgument, "the program has no packet_out header, metadata not allowed")
		}
		return payload, nil
	}
	vals := make([][]byte, len(h.fields))
	for _, m := range md {
		i, ok := h.idx[m.GetMetadataId()]
		if !ok {
			return nil, Errorf(codes.InvalidArgument, "unknown packet_out metadata id %d", m.GetMetadataId())
		}
		if vals[i] != nil {
			return nil, Errorf(codes.InvalidArgument, "packet_out metadata %d given twice", m.GetMetadataId())
		}
		v, err := padBits(m.GetValue(), h.fields[i].bits, h.fields[i].name)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	hdrLen := byteLen(h.bits)
	frame := make([]byte, hdrLen+len(payload))
	bit := 0
	for i, f := range h.fields {
		v := vals[i]
		if v == nil {
			return nil, Errorf(codes.InvalidArgument, "packet_out metadata %q (%d) missing", f.name, f.id)
		}
		// Copy the low f.bits bits of v, most significant first.
		for b := 0; b < f.bits; b++ {
			src := len(v)*8 - f.bits + b
			if v[src/8]&(0x80>>(src%8)) != 0 {
				frame[bit/8] |= 0x80 >> (bit % 8)
			}
			bit++
		}
	}
	copy(frame[hdrLen:], payload)
	return frame, nil
}

// unpackHeader splits a frame into packet_in metadata (canonical) and
// payload. ok is false when the frame is shorter than the header.
func unpackHeader(h *ctrlHeader, frame []byte) (md []*p4v1.PacketMetadata, payload []byte, ok bool) {
	if h == nil {
		return nil, frame, true
	}
	hdrLen := byteLen(h.bits)
	if len(frame) < hdrLen {
		return nil, nil, false
	}
	bit := 0
	for _, f := range h.fields {
		v := make([]byte, byteLen(f.bits))
		for b := 0; b < f.bits; b++ {
			if frame[bit/8]&(0x80>>(bit%8)) != 0 {
				dst := len(v)*8 - f.bits + b
				v[dst/8] |= 0x80 >> (dst % 8)
			}
			bit++
		}
		md = append(md, &p4v1.PacketMetadata{MetadataId: f.id, Value: canonical(v)})
	}
	return md, frame[hdrLen:], true
}

// packetIn turns a frame from the target into a PacketIn for the
// primaries.
func (s *Server) packetIn(frame []byte) {
	s.mu.RLock()
	pipe := s.pipe
	s.mu.RUnlock()
	if pipe == nil {
		return
	}
	md, payload, ok := unpackHeader(pipe.packetIn, frame)
	if !ok {
		return
	}
	s.broadcast(&p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Packet{Packet: &p4v1.PacketIn{Payload: payload, Metadata: md}}})
}
