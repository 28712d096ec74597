package ports

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readPcap parses a capture file written by PcapWriter.
func readPcap(t *testing.T, b []byte) (snaplen uint32, frames [][]byte) {
	t.Helper()
	if len(b) < 24 || binary.LittleEndian.Uint32(b) != 0xa1b2c3d4 || binary.LittleEndian.Uint32(b[20:]) != 1 {
		t.Fatalf("bad pcap header % x", b[:min(len(b), 24)])
	}
	snaplen = binary.LittleEndian.Uint32(b[16:])
	b = b[24:]
	for len(b) > 0 {
		if len(b) < 16 {
			t.Fatalf("truncated record header")
		}
		incl := binary.LittleEndian.Uint32(b[8:])
		if uint32(len(b)-16) < incl {
			t.Fatalf("truncated record")
		}
		frames = append(frames, b[16:16+incl])
		b = b[16+incl:]
	}
	return snaplen, frames
}

func TestPcapWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewPcapWriter(&buf, 64)
	if err != nil {
		t.Fatal(err)
	}
	small, big := frame(macA, 1), append(frame(macB, 2), make([]byte, 40)...)
	for _, f := range [][]byte{small, big} {
		if err := w.WriteFrame(time.Unix(1700000000, 123456000), f); err != nil {
			t.Fatal(err)
		}
	}
	snap, got := readPcap(t, buf.Bytes())
	if diff := cmp.Diff([][]byte{small, big[:64]}, got); diff != "" {
		t.Errorf("frames (-want +got):\n%s", diff)
	}
	if snap != 64 {
		t.Errorf("snaplen = %d, want 64", snap)
	}
}

func TestPcapDirTap(t *testing.T) {
	dir := t.TempDir()
	d, err := NewPcapDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := NewSet()
	p1, e1 := NewMemPort(1, "eth1")
	s.Add(p1)
	s.SetTap(d.Tap)
	p2, e2 := NewMemPort(2, "eth2") // added after SetTap: tapped too
	s.Add(p2)
	startRing(t, s)

	in1, out2 := frame(macA, 1), frame(macB, 2)
	if err := e1.Inject(in1); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(2, out2); err != nil {
		t.Fatal(err)
	}
	e2.Drain()
	s.SetTap(nil)
	e1.Inject(frame(macA, 3)) // not captured
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pcap"))
	for i := range files {
		files[i] = filepath.Base(files[i])
	}
	if diff := cmp.Diff([]string{"1_in.pcap", "2_out.pcap"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for name, want := range map[string][]byte{"1_in.pcap": in1, "2_out.pcap": out2} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, got := readPcap(t, b); !cmp.Equal([][]byte{want}, got) {
			t.Errorf("%s holds %x, want %x", name, got, want)
		}
	}
	if _, err := NewPcapDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("NewPcapDir of a missing directory succeeded")
	}
}
