package stf_test

import (
	"errors"
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/stf"
)

// Run a test written inline against a program: a wrong expectation
// returns a Mismatch with the report.
func ExampleTarget_Run() {
	t, err := stf.NewTarget("../testdata/control.p4", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := stf.Parse("inline.stf", []byte(`
add t sel:2 set_r3(v:0x30)
packet 0 02 00 00 00
expect 1 02 a3 42 b2
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = t.Run(f, nil)
	var m *stf.Mismatch
	if errors.As(err, &m) {
		fmt.Print(m.Report)
	}
	// Output:
	// port 1: expected 1 packets, got 1
	//   packet 0 (expect at line 4) differs:
	//     0000 want 02A342B2
	//     0000 got  02A342B1
	//                      ^
}
