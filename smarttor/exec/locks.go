package exec

import (
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// rmwRegisters returns the registers that code c (with the actions it
// calls and the tables it applies) both reads and writes, in index order.
// BMv2 locks the registers an action uses so that a read-modify-write is
// atomic between packets; the interpreter holds these locks for the whole
// control block, which serializes only the packets of programs that do
// read-modify-write registers.
func rmwRegisters(p *ir.Program, c *ir.Code) []int {
	reads, writes := map[int]bool{}, map[int]bool{}
	seen := map[*ir.Code]bool{}
	var walk func(c *ir.Code)
	walk = func(c *ir.Code) {
		if c == nil || seen[c] {
			return
		}
		seen[c] = true
		for _, in := range c.Instrs {
			switch in.Op {
			case ir.OpRegRead:
				reads[int(in.A)] = true
			case ir.OpRegWrite:
				writes[int(in.A)] = true
			case ir.OpCall, ir.OpCallX:
				if int(in.A) < len(p.Actions) {
					walk(p.Actions[in.A].Code)
				}
			case ir.OpApply:
				if int(in.A) < len(p.Tables) {
					for _, r := range p.Tables[in.A].Actions {
						if r.Action < len(p.Actions) {
							walk(p.Actions[r.Action].Code)
						}
					}
				}
			}
		}
	}
	walk(c)
	var out []int
	for r := range reads {
		if writes[r] {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

func (p *Pipeline) locksOf(c *ir.Code) []*extern.Register {
	var out []*extern.Register
	for _, r := range rmwRegisters(p.prog, c) {
		if r < len(p.registers) {
			out = append(out, p.registers[r].cells)
		}
	}
	return out
}

// runLocked runs a control block holding the locks of its
// read-modify-write registers.
func (w *Worker) runLocked(c *ir.Code, locks []*extern.Register) {
	for _, r := range locks {
		r.Lock()
	}
	w.run(c)
	for i := len(locks) - 1; i >= 0; i-- {
		locks[i].Unlock()
	}
}
