package p4rt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// BundleMagic starts every encoded Bundle.
const BundleMagic = "SMARTTOR-PIPELINE-1\n"

// Bundle is smarttor's device config (p4_device_config): the P4 sources
// of a program and the P4Info the compiler generated from them. The target
// compiles the sources and checks that the P4Info it generates equals the
// one in SetForwardingPipelineConfig. A device config that does not start
// with BundleMagic is taken as the text of a single P4 source file.
//
// Encoding: BundleMagic, then records of a 4-byte big-endian kind, a
// 4-byte name length, the name, a 4-byte data length and the data. Kind 1
// is a source file (the first one is the main file), kind 2 the P4Info in
// binary protobuf form. Unknown kinds are skipped, so the format can grow.
type Bundle struct {
	// Files are the P4 sources, Files[0] the main program.
	Files []BundleFile
	// P4Info is the binary P4Info (may be empty).
	P4Info []byte
}

// BundleFile is one source file of a Bundle.
type BundleFile struct {
	Name string
	Data []byte
}

const (
	recordFile   = 1
	recordP4Info = 2
	maxRecord    = 1 << 30
)

// MarshalBinary encodes b.
func (b *Bundle) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(BundleMagic)
	rec := func(kind uint32, name string, data []byte) {
		var h [4]byte
		binary.BigEndian.PutUint32(h[:], kind)
		buf.Write(h[:])
		binary.BigEndian.PutUint32(h[:], uint32(len(name)))
		buf.Write(h[:])
		buf.WriteString(name)
		binary.BigEndian.PutUint32(h[:], uint32(len(data)))
		buf.Write(h[:])
		buf.Write(data)
	}
	for _, f := range b.Files {
		if len(f.Data) > maxRecord || len(f.Name) > maxRecord {
			return nil, fmt.Errorf("bundle file %q too large", f.Name)
		}
		rec(recordFile, f.Name, f.Data)
	}
	if len(b.P4Info) > 0 {
		rec(recordP4Info, "p4info.bin", b.P4Info)
	}
	return buf.Bytes(), nil
}

// ErrNotBundle reports a device config that is not an encoded Bundle.
var ErrNotBundle = errors.New("not a smarttor pipeline bundle")

// UnmarshalBinary decodes data. A device config without the magic yields
// ErrNotBundle; DecodeDeviceConfig turns it into a one-file bundle.
func (b *Bundle) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(BundleMagic)) {
		return ErrNotBundle
	}
	*b = Bundle{}
	p := data[len(BundleMagic):]
	u32 := func(what string) (uint32, error) {
		if len(p) < 4 {
			return 0, fmt.Errorf("bundle: truncated %s at offset %d", what, len(data)-len(p))
		}
		v := binary.BigEndian.Uint32(p)
		p = p[4:]
		return v, nil
	}
	chunk := func(what string) ([]byte, error) {
		n, err := u32(what + " length")
		if err != nil {
			return nil, err
		}
		if uint64(n) > uint64(len(p)) {
			return nil, fmt.Errorf("bundle: %s of %d bytes beyond the end (%d left)", what, n, len(p))
		}
		v := p[:n]
		p = p[n:]
		return v, nil
	}
	for len(p) > 0 {
		kind, err := u32("record kind")
		if err != nil {
			return err
		}
		name, err := chunk("name")
		if err != nil {
			return err
		}
		body, err := chunk("data")
		if err != nil {
			return err
		}
		switch kind {
		case recordFile:
			b.Files = append(b.Files, BundleFile{Name: string(name), Data: body})
		case recordP4Info:
			b.P4Info = body
		}
	}
	if len(b.Files) == 0 {
		return fmt.Errorf("bundle: no P4 source file")
	}
	return nil
}

// DecodeDeviceConfig decodes a device config: an encoded Bundle, or the
// text of one P4 source file (named "main.p4").
func DecodeDeviceConfig(cfg []byte) (*Bundle, error) {
	var b Bundle
	err := b.UnmarshalBinary(cfg)
	if errors.Is(err, ErrNotBundle) {
		if len(cfg) == 0 {
			return nil, fmt.Errorf("empty device config")
		}
		return &Bundle{Files: []BundleFile{{Name: "main.p4", Data: cfg}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &b, nil
}
