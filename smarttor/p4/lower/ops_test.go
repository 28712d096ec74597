package lower_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOpsP4(t *testing.T) {
	tg := newTarget(t, "testdata/ops.p4")
	var trace []string
	tg.s.SetTrace(func(l string) { trace = append(trace, l) })
	// a b c(2) d(4) s | r1..r6 r7(2) r8(4) r9
	in := cat([]byte{1, 3, 0x12, 0x34, 0xab, 0, 0, 0, 0xfe}, make([]byte, 6+2+4+1))
	want := cat([]byte{1, 3, 0x12, 0x3f, 0xab, 0, 0, 0, 0xfe},
		[]byte{4, 0, 1, 0x23, 0xab, 0x11}, u16(1), []byte{1, 3, 0x12, 0x34}, []byte{1})
	if diff := cmp.Diff([]out{{2, want}}, tg.send(1, in)); diff != "" {
		t.Errorf("first packet (-want +got):\n%s", diff)
	}
	if !slices.Contains(trace, "log_msg: a=1 b=3") {
		t.Errorf("no log_msg in the trace:\n%s", strings.Join(trace, "\n"))
	}
	// The register counts; a=3 matches the masked entry; a=0 fails the
	// assertion (at its source line) and is dropped by the return path.
	in[0] = 3
	got := tg.send(1, in)
	if len(got) != 1 || got[0].Frame[14] != 0x22 || got[0].Frame[21] != 2 {
		t.Errorf("second packet: %x", got)
	}
	trace = nil
	in[0] = 0
	if got := tg.send(1, in); len(got) != 0 {
		t.Errorf("a=0 forwarded: %x", got)
	}
	found := false
	for _, l := range trace {
		if strings.HasPrefix(l, "assert failed at testdata/ops.p4:") {
			found = true
		}
	}
	if !found || tg.s.Stats().AssertFailures != 1 {
		t.Errorf("assert failure not traced at its source:\n%s", strings.Join(trace, "\n"))
	}
}
