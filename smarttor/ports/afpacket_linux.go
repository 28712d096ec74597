package ports

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// AFPacketPort is a port bound to a Linux network interface through an
// AF_PACKET raw socket, for labs built from veth pairs in network
// namespaces. The socket is promiscuous, ignores the frames it sends itself
// (PACKET_IGNORE_OUTGOING, and the packet type as a fallback on old
// kernels) and puts back inline the 802.1Q tags the kernel strips on
// receive. It is non-blocking and served by Go's poller, so Close unblocks
// the receive loop.
//
// Receiving uses recvmmsg into a batch of reusable buffers: one system
// call for up to 16 queued frames, no allocation per frame.
// The operational status follows the interface's IFF_RUNNING flag, polled
// (default every 250ms), because that works in any network namespace.
//
// Offloads: a veth peer with TSO/GSO on hands the socket frames larger than
// the MTU; labs turn them off (ethtool -K dev tso off gso off gro off).
type AFPacketPort struct {
	portBase
	ifname  string
	ifindex int
	f       *os.File
	rc      syscall.RawConn
	closed  atomic.Bool
	stop    chan struct{}
	wg      sync.WaitGroup
	poll    time.Duration

	// Receive state, used only by the receive goroutine: one recvmmsg
	// fills up to len(rx) slots.
	rx       []rxSlot
	rxmsgs   []unix.Mmsghdr
	rxn      int // slots filled by the last recvmmsg
	rxerr    error
	rxFunc   func(fd uintptr) bool
	maxFrame int

	txmu    sync.Mutex // serialises Send; guards the tx fields
	txframe []byte
	txerr   error
	txFunc  func(fd uintptr) bool
}

var _ Port = (*AFPacketPort)(nil)

// AFPacketOption configures OpenAFPacket.
type AFPacketOption func(*afConfig)

type afConfig struct {
	netns    string
	poll     time.Duration
	maxFrame int
	batch    int
}

// rxSlot is one frame's receive buffers.
type rxSlot struct {
	buf []byte // vlanRoom + maxFrame
	ctl []byte
	sll unix.RawSockaddrLinklayer
	iov unix.Iovec
}

// InNetns opens the socket in the network namespace at path, or, if path
// has no slash, in the one `ip netns` names so (/var/run/netns/<path>). The
// socket stays in that namespace; the calling goroutine's does not change.
func InNetns(path string) AFPacketOption {
	return func(c *afConfig) {
		if path != "" && !strings.Contains(path, "/") {
			path = "/var/run/netns/" + path
		}
		c.netns = path
	}
}

// WithStatusPoll sets how often the port polls the interface's status.
func WithStatusPoll(d time.Duration) AFPacketOption {
	return func(c *afConfig) { c.poll = d }
}

// WithMaxFrame sets the largest frame received whole (default 16384,
// room for jumbo frames); longer frames are counted in InErrors and
// dropped.
func WithMaxFrame(n int) AFPacketOption {
	return func(c *afConfig) { c.maxFrame = n }
}

// WithBatch sets how many frames one recvmmsg call may return (default
// 16). Each takes a buffer of the maximum frame size.
func WithBatch(n int) AFPacketOption {
	return func(c *afConfig) { c.batch = n }
}

// minMaxFrame is the smallest frame size an AF_PACKET port accepts
// as its maximum.
const minMaxFrame = 14

// vlanRoom is where a stripped 802.1Q tag goes back: the receive buffer
// starts this far in, so the MAC addresses can move forward over it.
const vlanRoom = 4

// OpenAFPacket opens the interface ifname as port num. It needs
// CAP_NET_RAW (root in practice).
func OpenAFPacket(num uint32, ifname string, opts ...AFPacketOption) (*AFPacketPort, error) {
	c := afConfig{poll: 250 * time.Millisecond, maxFrame: 16384, batch: 16}
	for _, o := range opts {
		o(&c)
	}
	if c.maxFrame < minMaxFrame || c.batch < 1 {
		return nil, fmt.Errorf("open af_packet %q: max frame %d and batch %d must be at least %d and 1", ifname, c.maxFrame, c.batch, minMaxFrame)
	}
	p := &AFPacketPort{ifname: ifname, poll: c.poll, stop: make(chan struct{})}
	var fd int
	err := inNetns(c.netns, func() error {
		var err error
		fd, p.ifindex, err = openPacketSocket(ifname)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open af_packet %q: %w", ifname, err)
	}
	p.f = os.NewFile(uintptr(fd), "af_packet:"+ifname)
	if p.rc, err = p.f.SyscallConn(); err != nil {
		p.f.Close()
		return nil, fmt.Errorf("open af_packet %q: %w", ifname, err)
	}
	p.init(num, ifname, OperUnknown)
	p.setLink(p.readOper())

	p.maxFrame = c.maxFrame
	p.rx = make([]rxSlot, c.batch)
	p.rxmsgs = make([]unix.Mmsghdr, c.batch)
	for i := range p.rx {
		sl := &p.rx[i]
		sl.buf = make([]byte, vlanRoom+c.maxFrame)
		sl.ctl = make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.TpacketAuxdata{}))))
		sl.iov.Base = &sl.buf[vlanRoom]
		h := &p.rxmsgs[i].Hdr
		h.Name = (*byte)(unsafe.Pointer(&sl.sll))
		h.Iov = &sl.iov
		h.SetIovlen(1)
		h.Control = &sl.ctl[0]
	}
	p.rxFunc = p.recvmmsg
	p.txFunc = p.write

	if p.poll > 0 {
		p.wg.Add(1)
		go p.pollStatus()
	}
	return p, nil
}

func openPacketSocket(ifname string) (fd, ifindex int, err error) {
	// Protocol 0 receives nothing until bind names the protocol, so no
	// frame of another interface slips in between.
	fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, 0, fmt.Errorf("socket: %w", err)
	}
	fail := func(what string, err error) (int, int, error) {
		unix.Close(fd)
		return -1, 0, fmt.Errorf("%s: %w", what, err)
	}
	ifr, err := unix.NewIfreq(ifname)
	if err != nil {
		return fail("interface name", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return fail("interface index", err)
	}
	ifindex = int(ifr.Uint32())
	all := htons(unix.ETH_P_ALL)
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: all, Ifindex: ifindex}); err != nil {
		return fail("bind", err)
	}
	mreq := unix.PacketMreq{Ifindex: int32(ifindex), Type: unix.PACKET_MR_PROMISC}
	if err := unix.SetsockoptPacketMreq(fd, unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mreq); err != nil {
		return fail("promiscuous mode", err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_AUXDATA, 1); err != nil {
		return fail("packet auxdata", err)
	}
	// Bursts outrun one reader quickly with the default 208 KiB buffer;
	// take more if allowed (SO_RCVBUFFORCE needs CAP_NET_ADMIN).
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, rcvBuf) != nil {
		_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, rcvBuf)
	}
	// Older kernels lack PACKET_IGNORE_OUTGOING; the receive loop also
	// filters on the packet type.
	_ = unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1)
	return fd, ifindex, nil
}

// rcvBuf is the socket receive buffer size asked for.
const rcvBuf = 4 << 20

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// inNetns runs fn on a thread switched into the network namespace at path.
func inNetns(path string, fn func() error) error {
	if path == "" {
		return fn()
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("current netns: %w", err)
			return
		}
		defer unix.Close(orig)
		target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("netns %q: %w", path, err)
			return
		}
		defer unix.Close(target)
		if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("enter netns %q: %w", path, err)
			return
		}
		err = fn()
		// If the thread cannot go back, it stays locked and dies with
		// this goroutine rather than serve others in the wrong namespace.
		if unix.Setns(orig, unix.CLONE_NEWNET) == nil {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// Ifindex returns the interface index in the interface's namespace.
func (p *AFPacketPort) Ifindex() int { return p.ifindex }

// Start implements Port: it starts the receive goroutine.
func (p *AFPacketPort) Start(h Handler) error {
	if p.closed.Load() {
		return fmt.Errorf("start %q: %w", p.name, ErrClosed)
	}
	if err := p.start(h); err != nil {
		return err
	}
	p.wg.Add(1)
	go p.receiveLoop()
	return nil
}

func (p *AFPacketPort) receiveLoop() {
	defer p.wg.Done()
	for {
		if err := p.rc.Read(p.rxFunc); err != nil || p.rxerr != nil {
			if p.closed.Load() {
				return
			}
			if err == nil {
				err = p.rxerr
			}
			if errors.Is(err, os.ErrClosed) {
				return
			}
			p.ctrs.InErrors.Add(1)
			// ENETDOWN and friends: wait rather than spin.
			select {
			case <-p.stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		for i := range p.rxn {
			sl, m := &p.rx[i], &p.rxmsgs[i]
			if sl.sll.Pkttype == unix.PACKET_OUTGOING {
				continue
			}
			n := int(m.Len)
			if n > p.maxFrame || m.Hdr.Flags&unix.MSG_TRUNC != 0 {
				p.ctrs.InErrors.Add(1)
				continue
			}
			start := restoreVLAN(sl.buf, sl.ctl[:m.Hdr.Controllen], n)
			p.receive(sl.buf[start : vlanRoom+n])
		}
	}
}

// recvmmsg reads up to len(p.rx) frames in one system call; it is the
// RawConn.Read callback. On return p.rxn frames are in p.rx, or p.rxerr is
// set.
func (p *AFPacketPort) recvmmsg(fd uintptr) bool {
	for i := range p.rxmsgs {
		sl, h := &p.rx[i], &p.rxmsgs[i].Hdr
		sl.iov.SetLen(p.maxFrame)
		h.Namelen = uint32(unsafe.Sizeof(sl.sll))
		h.SetControllen(len(sl.ctl))
		h.Flags = 0
		p.rxmsgs[i].Len = 0
	}
	// MSG_TRUNC makes each message's length the frame's real length.
	n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&p.rxmsgs[0])), uintptr(len(p.rxmsgs)), unix.MSG_TRUNC, 0, 0)
	if errno == unix.EAGAIN {
		return false
	}
	p.rxerr, p.rxn = nil, 0
	if errno != 0 {
		p.rxerr = errno
		return true
	}
	p.rxn = int(n)
	return true
}

// restoreVLAN puts back inline the 802.1Q tag the kernel reported beside
// the frame in a PACKET_AUXDATA control message (ctl). The frame is n bytes
// at buf[vlanRoom:]; restoreVLAN returns where it starts now.
func restoreVLAN(buf, ctl []byte, n int) int {
	aux, ok := auxdata(ctl)
	if !ok || aux.Status&unix.TP_STATUS_VLAN_VALID == 0 || n < 12 {
		return vlanRoom
	}
	tpid := uint16(unix.ETH_P_8021Q)
	if aux.Status&unix.TP_STATUS_VLAN_TPID_VALID != 0 && aux.Vlan_tpid != 0 {
		tpid = aux.Vlan_tpid
	}
	copy(buf[0:12], buf[vlanRoom:vlanRoom+12])
	binary.BigEndian.PutUint16(buf[12:], tpid)
	binary.BigEndian.PutUint16(buf[14:], aux.Vlan_tci)
	return 0
}

// auxdata finds the PACKET_AUXDATA control message in ctl.
func auxdata(ctl []byte) (*unix.TpacketAuxdata, bool) {
	hdr := unix.CmsgSpace(0)
	for len(ctl) >= unix.SizeofCmsghdr {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&ctl[0]))
		if h.Len < unix.SizeofCmsghdr || uint64(h.Len) > uint64(len(ctl)) {
			return nil, false
		}
		if h.Level == unix.SOL_PACKET && h.Type == unix.PACKET_AUXDATA &&
			int(h.Len)-hdr >= int(unsafe.Sizeof(unix.TpacketAuxdata{})) {
			return (*unix.TpacketAuxdata)(unsafe.Pointer(&ctl[hdr])), true
		}
		next := unix.CmsgSpace(int(h.Len) - hdr)
		if next > len(ctl) {
			return nil, false
		}
		ctl = ctl[next:]
	}
	return nil, false
}

// Send implements Port. It writes frame to the interface and does not
// allocate.
func (p *AFPacketPort) Send(frame []byte) error {
	if p.closed.Load() {
		p.ctrs.OutDiscards.Add(1)
		return fmt.Errorf("send on %q: %w", p.name, ErrClosed)
	}
	if p.disabled.Load() {
		p.ctrs.OutDiscards.Add(1)
		return fmt.Errorf("send on %q: disabled: %w", p.name, ErrLinkDown)
	}
	p.txmu.Lock()
	p.txframe, p.txerr = frame, nil
	err := p.rc.Write(p.txFunc)
	if err == nil {
		err = p.txerr
	}
	p.txframe = nil
	p.txmu.Unlock()
	if err != nil {
		if errors.Is(err, unix.ENETDOWN) || errors.Is(err, unix.ENXIO) {
			p.ctrs.OutDiscards.Add(1)
			return fmt.Errorf("send on %q: %w: %w", p.name, ErrLinkDown, err)
		}
		p.ctrs.OutErrors.Add(1)
		return fmt.Errorf("send on %q: %w", p.name, err)
	}
	p.sent(frame)
	return nil
}

// write is the RawConn.Write callback.
func (p *AFPacketPort) write(fd uintptr) bool {
	if len(p.txframe) == 0 {
		p.txerr = errors.New("empty frame")
		return true
	}
	_, _, errno := unix.Syscall(unix.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p.txframe[0])), uintptr(len(p.txframe)))
	if errno == unix.EAGAIN {
		return false
	}
	if errno != 0 {
		p.txerr = errno
	}
	return true
}

// readOper reads the interface flags: UP and RUNNING means up.
func (p *AFPacketPort) readOper() OperStatus {
	ifr, err := unix.NewIfreq(p.ifname)
	if err != nil {
		return OperUnknown
	}
	var ierr error
	if err := p.rc.Control(func(fd uintptr) { ierr = unix.IoctlIfreq(int(fd), unix.SIOCGIFFLAGS, ifr) }); err != nil || ierr != nil {
		return OperUnknown
	}
	const want = unix.IFF_UP | unix.IFF_RUNNING
	if ifr.Uint16()&want == want {
		return OperUp
	}
	return OperDown
}

func (p *AFPacketPort) pollStatus() {
	defer p.wg.Done()
	t := time.NewTicker(p.poll)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			if s := p.readOper(); s != OperUnknown {
				p.setLink(s)
			}
		}
	}
}

// Close implements Port: it stops the goroutines and closes the socket.
func (p *AFPacketPort) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	close(p.stop)
	err := p.f.Close()
	p.wg.Wait()
	return err
}

// OpenInterfaces opens an AFPacketPort for every parsed -i flag, with the
// same options, and adds each to set. If one fails, those opened are
// closed and removed again.
func OpenInterfaces(set *Set, flags InterfaceFlags, opts ...AFPacketOption) error {
	var done []uint32
	undo := func() {
		for _, n := range done {
			_ = set.Remove(n)
		}
	}
	for _, f := range flags {
		p, err := OpenAFPacket(f.Port, f.Name, opts...)
		if err != nil {
			undo()
			return err
		}
		if err := set.Add(p); err != nil {
			p.Close()
			undo()
			return err
		}
		done = append(done, f.Port)
	}
	return nil
}
