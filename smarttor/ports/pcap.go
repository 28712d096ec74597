package ports

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Direction says whether a tapped frame was received or sent.
type Direction uint8

// Directions.
const (
	In Direction = iota
	Out
)

// String returns "in" or "out", as in BMv2's pcap file names.
func (d Direction) String() string {
	if d == In {
		return "in"
	}
	return "out"
}

// A Tap sees every frame a port receives (before the Handler) or sends
// (after it left). frame is borrowed until the Tap returns. Taps are for
// debugging; see Set.SetTap and PcapDir.
type Tap func(port uint32, dir Direction, frame []byte)

// PcapWriter writes frames to a libpcap capture file (Ethernet link type,
// microsecond timestamps). It is safe for concurrent use and does not
// allocate per frame.
type PcapWriter struct {
	mu      sync.Mutex
	w       io.Writer
	snaplen uint32
	hdr     [16]byte
}

// NewPcapWriter writes the file header to w and returns a writer that
// keeps at most snaplen bytes of each frame (65535 if 0).
func NewPcapWriter(w io.Writer, snaplen uint32) (*PcapWriter, error) {
	if snaplen == 0 {
		snaplen = 65535
	}
	var h [24]byte
	binary.LittleEndian.PutUint32(h[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], snaplen)
	binary.LittleEndian.PutUint32(h[20:], 1) // LINKTYPE_ETHERNET
	if _, err := w.Write(h[:]); err != nil {
		return nil, fmt.Errorf("pcap header: %w", err)
	}
	return &PcapWriter{w: w, snaplen: snaplen}, nil
}

// WriteFrame appends one frame captured at ts.
func (p *PcapWriter) WriteFrame(ts time.Time, frame []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	data := frame
	if uint32(len(data)) > p.snaplen {
		data = data[:p.snaplen]
	}
	binary.LittleEndian.PutUint32(p.hdr[0:], uint32(ts.Unix()))
	binary.LittleEndian.PutUint32(p.hdr[4:], uint32(ts.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(p.hdr[8:], uint32(len(data)))
	binary.LittleEndian.PutUint32(p.hdr[12:], uint32(len(frame)))
	if _, err := p.w.Write(p.hdr[:]); err != nil {
		return fmt.Errorf("pcap record: %w", err)
	}
	if _, err := p.w.Write(data); err != nil {
		return fmt.Errorf("pcap record: %w", err)
	}
	return nil
}

// PcapDir captures like simple_switch --pcap: a file per port and
// direction, <dir>/<port>_in.pcap and <dir>/<port>_out.pcap, created on the
// port's first frame. Write errors stop the capture of that file and are
// reported by Close.
type PcapDir struct {
	dir string

	mu    sync.Mutex
	files map[pcapKey]*pcapFile
	errs  []error
}

type pcapKey struct {
	port uint32
	dir  Direction
}

type pcapFile struct {
	f   *os.File
	w   *PcapWriter
	bad bool
}

// NewPcapDir returns a capture into dir, which must exist.
func NewPcapDir(dir string) (*PcapDir, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("pcap dir: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("pcap dir %q: not a directory", dir)
	}
	return &PcapDir{dir: dir, files: map[pcapKey]*pcapFile{}}, nil
}

// Tap is the Tap to install with Set.SetTap.
func (d *PcapDir) Tap(port uint32, dir Direction, frame []byte) {
	now := time.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.files == nil {
		return // closed
	}
	k := pcapKey{port, dir}
	pf := d.files[k]
	if pf == nil {
		pf = &pcapFile{}
		d.files[k] = pf
		name := filepath.Join(d.dir, fmt.Sprintf("%d_%s.pcap", port, dir))
		f, err := os.Create(name)
		if err == nil {
			pf.f = f
			pf.w, err = NewPcapWriter(f, 0)
		}
		if err != nil {
			pf.bad = true
			d.errs = append(d.errs, fmt.Errorf("pcap %s: %w", name, err))
		}
	}
	if pf.bad {
		return
	}
	if err := pf.w.WriteFrame(now, frame); err != nil {
		pf.bad = true
		d.errs = append(d.errs, err)
	}
}

// Close closes every file and returns the errors met while capturing.
func (d *PcapDir) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, pf := range d.files {
		if pf.f != nil {
			if err := pf.f.Close(); err != nil {
				d.errs = append(d.errs, err)
			}
		}
	}
	d.files = nil
	return errors.Join(d.errs...)
}
