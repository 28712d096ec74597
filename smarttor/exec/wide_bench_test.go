package exec_test

import (
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// wideSwitch runs a program that exercises the wide arithmetic path on
// two bit<128> fields: a*b + a, (a << s) - (int)b >> s, a / b % a, a
// comparison and a saturating add, written back into the header.
func wideSwitch(tb testing.TB) *exec.Switch {
	tb.Helper()
	b := ir.NewBuilder("wide")
	h := b.Header("h", ir.F("a", 128), ir.F("b", 128), ir.F("s", 8), ir.F("lt", 8))
	f := func(n string) ir.Value { return b.HeaderField(h, n) }
	b.Parser("P")
	start, sc := b.State("start")
	b.SetStart(start)
	sc.Extract(h)
	sc.Accept()
	in := b.NewCode("I")
	in.Assign(b.StdField("egress_spec"), in.Const(9, 1))
	a, bb, s := f("a"), f("b"), f("s")
	sum := in.Bin(ir.OpAdd, in.Bin(ir.OpMul, a, bb), a)
	sb := bb
	sb.Signed = true
	diff := in.Bin(ir.OpSub, in.Bin(ir.OpShl, a, s), in.Bin(ir.OpShr, sb, s))
	q := in.Bin(ir.OpMod, in.Bin(ir.OpDiv, sum, in.Bin(ir.OpOr, bb, in.Const(128, 1))), in.Bin(ir.OpOr, a, in.Const(128, 1)))
	in.Assign(f("lt"), in.Cast(in.Bin(ir.OpLt, sum, diff), 8, false))
	in.Assign(a, in.Bin(ir.OpAddSat, q, diff))
	in.Assign(bb, sum)
	dep := b.NewCode("D")
	dep.EmitHeader(h)
	b.SetControls(nil, in, nil, nil, dep)
	p, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	sw := exec.New()
	if err := sw.SetProgram(p); err != nil {
		tb.Fatal(err)
	}
	return sw
}

func wideFrame() []byte {
	f := make([]byte, 16+16+1+1)
	for i := range f[:32] {
		f[i] = byte(0x9d * (i + 1))
	}
	f[32] = 70
	return f
}

// TestWideZeroAllocs checks that the wide arithmetic path allocates
// nothing per packet once a worker has run one (its scratch space is
// grown on first use).
func TestWideZeroAllocs(t *testing.T) {
	w := wideSwitch(t).NewWorker()
	frame := wideFrame()
	sent := 0
	out := func(uint32, []byte) { sent++ }
	w.Process(1, frame, out)
	if n := testing.AllocsPerRun(100, func() { w.Process(1, frame, out) }); n != 0 {
		t.Errorf("%v allocations per packet, want 0", n)
	}
	if sent != 102 { // one before, and AllocsPerRun's warm-up run and 100 runs
		t.Errorf("sent %d packets, want 102", sent)
	}
}

// BenchmarkWide runs wideSwitch's program: 128-bit multiply, divide,
// shifts, compare and saturating add per packet.
func BenchmarkWide(b *testing.B) {
	w := wideSwitch(b).NewWorker()
	frame := wideFrame()
	out := func(uint32, []byte) {}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Process(1, frame, out)
	}
}
