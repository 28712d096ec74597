package netns

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// inNS runs fn on an OS thread moved into network namespace ns, then
// moves the thread back. If it cannot, the thread is never returned to
// the Go scheduler (it exits with the goroutine), so no other goroutine
// runs in the wrong namespace. Sockets fn opens stay in ns.
func inNS(ns string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		self, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
		if err != nil {
			errc <- err
			return
		}
		defer self.Close()
		f, err := os.Open(filepath.Join("/run/netns", ns))
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("setns %s: %w", ns, err)
			return
		}
		err = fn()
		if unix.Setns(int(self.Fd()), unix.CLONE_NEWNET) == nil {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// Legacy ethtool commands (linux/ethtool.h) taking a struct ethtool_value.
const (
	ethtoolSTXCSUM = 0x17 // set TX checksum offload
	ethtoolSSG     = 0x19 // set scatter-gather
	ethtoolSTSO    = 0x1f // set TCP segmentation offload
	ethtoolSGSO    = 0x24 // set generic segmentation offload
	ethtoolSGRO    = 0x2c // set generic receive offload
)

type ethtoolValue struct {
	cmd  uint32
	data uint32
}

type ifreqData struct {
	name [unix.IFNAMSIZ]byte
	data uintptr
	_    [16]byte
}

// offloadsOff turns off the TX checksum, scatter-gather, TSO, GSO and GRO
// offloads of dev in the calling thread's namespace (ethtool -K dev tx off
// sg off tso off gso off gro off). Frames then carry complete checksums
// and are never larger than the MTU, as an AF_PACKET switch needs.
func offloadsOff(dev string) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	for _, cmd := range []uint32{ethtoolSTXCSUM, ethtoolSSG, ethtoolSTSO, ethtoolSGSO, ethtoolSGRO} {
		v := ethtoolValue{cmd: cmd}
		var req ifreqData
		copy(req.name[:], dev)
		req.data = uintptr(unsafe.Pointer(&v))
		_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCETHTOOL, uintptr(unsafe.Pointer(&req)))
		runtime.KeepAlive(&v)
		if errno != 0 && errno != unix.EOPNOTSUPP {
			return fmt.Errorf("ethtool command %#x on %s: %w", cmd, dev, errno)
		}
	}
	return nil
}
