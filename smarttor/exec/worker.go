package exec

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Worker holds the buffers of one goroutine processing packets. A Worker
// is not safe for concurrent use; Switch.Process pools them, and a port
// loop may keep its own (NewWorker) to skip the pool.
type Worker struct {
	s *Switch
	p *Pipeline

	arena []uint64 // the packet state
	saved []uint64 // post-ingress state, for replication and clones
	key   []byte
	out   []byte
	bits  []byte
	// scratch holds intermediate results of wide multiplication and
	// division.
	scratch []uint64
	dmsg    DigestMessage
	dbuf    []byte
	jobs    []job
	njobs   int

	in         []byte // the frame being parsed
	cursor     int    // parse position in bits
	ingressLen uint64
	next       int // state of a parser goto
	now        int64
	trace      TraceFunc
	running    *entry // entry whose action runs (direct meters)

	clone cloneReq
	// resubmit and recirc are requests, with the field list to preserve
	// (-1 for none).
	resubmit, recirc     bool
	resubmitFL, recircFL int
	truncate             int
	passes               int
	outf                 func(port uint32, frame []byte)
}

type cloneReq struct {
	set     bool
	session uint32
	typ     uint64
	fl      int
}

type jobKind uint8

const (
	jobIngress jobKind = iota
	jobEgress
)

// job is a pass waiting to run: a resubmitted or recirculated frame, or an
// E2E clone.
type job struct {
	kind      jobKind
	port      uint32
	instance  uint64
	frame     []byte
	fl        int // preserved field list, -1 for none
	preserved []uint64
	arena     []uint64
	truncate  int
}

// NewWorker returns a worker for s.
func (s *Switch) NewWorker() *Worker {
	return &Worker{s: s}
}

func (w *Worker) bind(p *Pipeline) {
	w.p = p
	if n := p.prog.Slots; len(w.arena) != n {
		w.arena = make([]uint64, n)
		w.saved = make([]uint64, n)
	}
	if w.key == nil {
		w.key = make([]byte, 256)
	}
}

// Process is Switch.Process on this worker.
func (w *Worker) Process(ingressPort uint32, frame []byte, out func(port uint32, frame []byte)) {
	s := w.s
	s.stats.received.Add(1)
	p := s.pipe.Load()
	if p == nil {
		s.stats.dropped.Add(1)
		return
	}
	w.bind(p)
	w.outf = out
	w.now = 0
	w.trace = nil
	if t := s.trace.Load(); t != nil {
		w.trace = t.f
	}
	w.passes = 0
	w.njobs = 0
	w.ingressPass(ingressPort, frame, ir.InstanceNormal, -1, nil)
	for head := 0; head < w.njobs; head++ {
		if w.passes++; w.passes > MaxPasses {
			s.stats.runtimeErrors.Add(uint64(w.njobs - head))
			s.stats.dropped.Add(uint64(w.njobs - head))
			w.tracef("pass limit %d reached: %d packets dropped", MaxPasses, w.njobs-head)
			break
		}
		j := &w.jobs[head]
		switch j.kind {
		case jobIngress:
			w.ingressPass(j.port, j.frame, j.instance, j.fl, j.preserved)
		case jobEgress:
			copy(w.arena, j.arena)
			w.in, w.cursor = j.frame, 0
			w.truncate = j.truncate
			w.egressPass(j.port)
		}
	}
	w.outf = nil
	w.in = nil
}

func (w *Worker) push(kind jobKind) *job {
	if w.njobs == len(w.jobs) {
		w.jobs = append(w.jobs, job{})
	}
	j := &w.jobs[w.njobs]
	w.njobs++
	j.kind = kind
	return j
}

// preserve saves the values of field list fl from the arena into buf.
func (w *Worker) preserve(fl int, buf []uint64) []uint64 {
	buf = buf[:0]
	if fl < 0 || fl >= len(w.p.prog.FieldLists) {
		return buf
	}
	for _, o := range w.p.prog.FieldLists[fl].Slots {
		buf = append(buf, w.arena[o.Slot:int(o.Slot)+ir.Words(o.Width)]...)
	}
	return buf
}

// restore writes preserved values of field list fl into the arena.
func (w *Worker) restore(fl int, vals []uint64) {
	if fl < 0 || fl >= len(w.p.prog.FieldLists) {
		return
	}
	i := 0
	for _, o := range w.p.prog.FieldLists[fl].Slots {
		n := ir.Words(o.Width)
		if i+n > len(vals) {
			return
		}
		copy(w.arena[o.Slot:], vals[i:i+n])
		i += n
	}
}

func (w *Worker) resetFlags() {
	w.clone = cloneReq{}
	w.resubmit, w.recirc = false, false
}

// startIngress resets the arena, restores the fields of field list fl a
// resubmit or recirculation preserved (before the parser runs, which may
// read them, as in simple_switch) and runs the parser on frame.
func (w *Worker) startIngress(port uint32, frame []byte, instance uint64, fl int, preserved []uint64) {
	a := w.arena
	clear(a)
	std := &w.p.prog.Std
	a[std.IngressPort] = uint64(port) & 0x1ff
	a[std.PacketLength] = uint64(len(frame))
	a[std.InstanceType] = instance
	w.ingressLen = uint64(len(frame))
	w.in, w.cursor = frame, 0
	w.restore(fl, preserved)
	w.parse()
}

func (w *Worker) ingressPass(port uint32, frame []byte, instance uint64, fl int, preserved []uint64) {
	p := w.p
	prog := p.prog
	std := &prog.Std
	w.resetFlags()
	w.truncate = 0
	if w.trace != nil {
		w.tracef("packet in port %d, %d bytes, instance_type %d", port, len(frame), instance)
	}
	w.startIngress(port, frame, instance, fl, preserved)
	a := w.arena
	w.run(prog.VerifyChecksum)
	if len(p.ingressLocks) > 0 {
		w.runLocked(prog.Ingress, p.ingressLocks)
	} else {
		w.run(prog.Ingress)
	}
	pre := w.s.pre.Load()

	if w.clone.set && w.clone.typ == ir.CloneI2E {
		if sess := pre.sessions[w.clone.session]; sess != nil {
			copy(w.saved, a)
			cursor := w.cursor
			for _, r := range sess.Replicas {
				w.startIngress(port, frame, ir.InstanceIngressClone, -1, nil)
				// simple_switch parses the clone with the ingress port,
				// then resets all metadata (standard metadata with
				// ingress_port 0 and parser_error NoError, user
				// metadata and locals the parser wrote) but for the
				// preserved fields; headers and stack indexes stay.
				w.resetMeta()
				w.arena[std.InstanceType] = ir.InstanceIngressClone
				w.arena[std.PacketLength] = uint64(len(frame))
				if w.clone.fl >= 0 {
					w.restoreFrom(w.clone.fl, w.saved)
				}
				w.arena[std.EgressRid] = uint64(r.Instance) & 0xffff
				w.egressCopy(r.Port, int(sess.PacketLengthBytes))
			}
			copy(a, w.saved)
			w.in, w.cursor = frame, cursor
		} else {
			w.tracef("clone session %d does not exist", w.clone.session)
		}
	}
	if w.resubmit {
		j := w.push(jobIngress)
		// The standard metadata starts reset, ingress_port 0 included
		// (simple_switch), unless the field list preserves it.
		j.port, j.instance = 0, ir.InstanceResubmit
		j.frame = append(j.frame[:0], frame...)
		j.fl = w.resubmitFL
		j.preserved = w.preserve(j.fl, j.preserved)
		w.tracef("resubmit")
		return
	}
	if grp := a[std.McastGrp]; grp != 0 {
		reps := pre.groups[uint32(grp)]
		if len(reps) == 0 {
			w.drop("multicast group %d is empty or unknown", grp)
			return
		}
		copy(w.saved, a)
		cursor := w.cursor
		for _, r := range reps {
			copy(w.arena, w.saved)
			w.in, w.cursor = frame, cursor
			w.arena[std.InstanceType] = ir.InstanceReplication
			w.arena[std.EgressRid] = uint64(r.Instance) & 0xffff
			w.egressPass(r.Port)
		}
		return
	}
	spec := a[std.EgressSpec]
	if spec == ir.DropPort {
		w.drop("egress_spec is the drop port")
		return
	}
	w.egressPass(uint32(spec))
}

// resetMeta clears the metadata of the arena (see Pipeline.meta).
func (w *Worker) resetMeta() {
	for _, m := range w.p.meta {
		clear(w.arena[m[0]:m[1]])
	}
}

// restoreFrom copies field list fl from src into the arena.
func (w *Worker) restoreFrom(fl int, src []uint64) {
	if fl < 0 || fl >= len(w.p.prog.FieldLists) {
		return
	}
	for _, o := range w.p.prog.FieldLists[fl].Slots {
		n := ir.Words(o.Width)
		copy(w.arena[o.Slot:int(o.Slot)+n], src[o.Slot:int(o.Slot)+n])
	}
}

// egressCopy runs egress for a clone with its own truncation.
func (w *Worker) egressCopy(port uint32, truncate int) {
	saved := w.truncate
	w.truncate = truncate
	w.egressPass(port)
	w.truncate = saved
}

func (w *Worker) drop(format string, args ...any) {
	w.s.stats.dropped.Add(1)
	if w.trace != nil {
		w.tracef("drop: "+format, args...)
	}
}

func (w *Worker) egressPass(port uint32) {
	p := w.p
	prog := p.prog
	std := &prog.Std
	a := w.arena
	a[std.EgressPort] = uint64(port) & 0x1ff
	a[std.EgressSpec] = 0
	w.clone = cloneReq{}
	w.recirc = false
	if w.trace != nil {
		w.tracef("egress port %d", port)
	}
	if len(p.egressLocks) > 0 {
		w.runLocked(prog.Egress, p.egressLocks)
	} else {
		w.run(prog.Egress)
	}
	if w.clone.set && w.clone.typ == ir.CloneE2E {
		w.queueE2E()
	}
	if a[std.EgressSpec] == ir.DropPort {
		w.drop("mark_to_drop in egress")
		return
	}
	w.run(prog.ComputeChecksum)
	w.deparse()
	if w.recirc {
		j := w.push(jobIngress)
		// ingress_port 0, as resubmit.
		j.port, j.instance = 0, ir.InstanceRecirculation
		j.frame = append(j.frame[:0], w.out...)
		j.fl = w.recircFL
		j.preserved = w.preserve(j.fl, j.preserved)
		w.tracef("recirculate")
		return
	}
	frame := w.out
	if w.truncate > 0 && w.truncate < len(frame) {
		frame = frame[:w.truncate]
	}
	w.s.stats.sent.Add(1)
	if w.trace != nil {
		w.tracef("packet out port %d, %d bytes", port, len(frame))
	}
	if w.outf != nil {
		w.outf(port, frame)
	}
}

// queueE2E queues the E2E clones of the current egress packet: headers and
// stack indexes as egress left them, metadata reset except the preserved
// field list.
func (w *Worker) queueE2E() {
	sess := w.s.pre.Load().sessions[w.clone.session]
	if sess == nil {
		w.tracef("clone session %d does not exist", w.clone.session)
		return
	}
	prog := w.p.prog
	std := &prog.Std
	payload := w.in[min(w.cursor/8, len(w.in)):]
	for _, r := range sess.Replicas {
		j := w.push(jobEgress)
		j.port = r.Port
		j.truncate = int(sess.PacketLengthBytes)
		j.frame = append(j.frame[:0], payload...)
		if len(j.arena) != len(w.arena) {
			j.arena = make([]uint64, len(w.arena))
		}
		// simple_switch copies the headers and the stacks' next
		// indexes and resets the metadata.
		copy(j.arena, w.arena)
		for _, m := range w.p.meta {
			clear(j.arena[m[0]:m[1]])
		}
		if fl := w.clone.fl; fl >= 0 && fl < len(prog.FieldLists) {
			for _, o := range prog.FieldLists[fl].Slots {
				n := ir.Words(o.Width)
				copy(j.arena[o.Slot:int(o.Slot)+n], w.arena[o.Slot:int(o.Slot)+n])
			}
		}
		// ingress_port stays 0 (reset) unless preserved.
		j.arena[std.PacketLength] = w.arena[std.PacketLength]
		j.arena[std.InstanceType] = ir.InstanceEgressClone
		j.arena[std.EgressRid] = uint64(r.Instance) & 0xffff
	}
}

// nowNanos returns the packet's timestamp, read once per packet.
func (w *Worker) nowNanos() int64 {
	if w.now == 0 {
		w.now = w.s.clock()
	}
	return w.now
}
