package ir

import (
	"fmt"
	"io"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// String returns the disassembly of the program without positions.
func (p *Program) String() string {
	var sb strings.Builder
	p.Dump(&sb, nil)
	return sb.String()
}

// Dump writes the readable disassembly of the program; with a FileSet,
// every instruction is annotated with its source position.
func (p *Program) Dump(w io.Writer, fset *syntax.FileSet) {
	d := &dumper{p: p, w: w, fset: fset}
	d.printf("program %s: %d slots\n", p.Name, p.Slots)
	for _, h := range p.Headers {
		d.printf("header %s: valid %s, %d bits\n", h.Name, d.slot(h.Valid), h.Bits)
		for _, f := range h.Fields {
			d.printf("\t%s %s\n", d.slot(f.Slot), typ(f.Width, f.Signed))
		}
	}
	for _, s := range p.Structs {
		d.printf("struct %s: %d words\n", s.Name, s.Words)
		for _, f := range s.Fields {
			d.printf("\t%s %s\n", d.slot(f.Slot), typ(f.Width, f.Signed))
		}
	}
	if len(p.Errors) > len(CoreErrors) {
		d.printf("errors %s\n", strings.Join(p.Errors[len(CoreErrors):], ", "))
	}
	if p.Parser != nil {
		d.printf("parser %s: start %s\n", p.Parser.Name, d.state(p.Parser.Start))
		for _, s := range p.Parser.States {
			d.printf("state %s\n", s.Name)
			d.code(s.Code)
		}
	}
	for _, c := range []struct {
		name string
		code *Code
	}{{"verify_checksum", p.VerifyChecksum}, {"ingress", p.Ingress}, {"egress", p.Egress},
		{"compute_checksum", p.ComputeChecksum}, {"deparser", p.Deparser}} {
		if c.code != nil {
			d.printf("control %s %s\n", c.name, c.code.Name)
			d.code(c.code)
		}
	}
	for _, a := range p.Actions {
		var ps []string
		for _, q := range a.Params {
			ps = append(ps, d.slot(q.Slot)+" "+typ(q.Width, false))
		}
		d.printf("action %s id %#x (%s)\n", a.Name, a.ID, strings.Join(ps, ", "))
		d.code(a.Code)
	}
	for _, t := range p.Tables {
		d.table(t)
	}
	for _, c := range p.Counters {
		d.printf("counter %s id %#x size %d type %d table %d\n", c.Name, c.ID, c.Size, c.Type, c.Table)
	}
	for _, m := range p.Meters {
		d.printf("meter %s id %#x size %d bytes %t table %d\n", m.Name, m.ID, m.Size, m.Bytes, m.Table)
	}
	for _, r := range p.Registers {
		d.printf("register %s id %#x size %d bit<%d>\n", r.Name, r.ID, r.Size, r.Width)
	}
	for _, dg := range p.Digests {
		var fs []string
		for _, f := range dg.Fields {
			fs = append(fs, fmt.Sprintf("%s bit<%d>", f.Name, f.Width))
		}
		d.printf("digest %s id %#x {%s}\n", dg.Name, dg.ID, strings.Join(fs, ", "))
	}
	for _, v := range p.ValueSets {
		d.printf("value_set %s id %#x size %d widths %v\n", v.Name, v.ID, v.Size, v.Widths)
	}
	for _, ap := range p.ActionProfiles {
		d.printf("action_profile %s id %#x size %d selector %t %v bit<%d>\n", ap.Name, ap.ID, ap.Size, ap.Selector, ap.Algo, ap.OutputWidth)
	}
	for _, fl := range p.FieldLists {
		d.printf("field_list %d {%s}\n", fl.ID, d.list(fl.Slots))
	}
}

type dumper struct {
	p    *Program
	w    io.Writer
	fset *syntax.FileSet
}

func (d *dumper) printf(format string, args ...any) { fmt.Fprintf(d.w, format, args...) }

func typ(w int, signed bool) string {
	if signed {
		return fmt.Sprintf("int<%d>", w)
	}
	return fmt.Sprintf("bit<%d>", w)
}

func (d *dumper) slot(s Slot) string {
	if s >= 0 && int(s) < len(d.p.SlotNames) {
		return fmt.Sprintf("@%d(%s)", s, d.p.SlotNames[s])
	}
	return fmt.Sprintf("@%d", s)
}

func (d *dumper) state(i int) string {
	switch {
	case i == StateAccept:
		return "accept"
	case i == StateReject:
		return "reject"
	case d.p.Parser != nil && i >= 0 && i < len(d.p.Parser.States):
		return d.p.Parser.States[i].Name
	}
	return fmt.Sprintf("state%d", i)
}

func (d *dumper) list(l []Operand) string {
	var s []string
	for _, o := range l {
		s = append(s, d.slot(o.Slot))
	}
	return strings.Join(s, ", ")
}

func (d *dumper) name(kind string, i Slot, n int, f func(int) string) string {
	if i < 0 || int(i) >= n {
		return fmt.Sprintf("%s#%d", kind, i)
	}
	return f(int(i))
}

func (d *dumper) header(i Slot) string {
	return d.name("header", i, len(d.p.Headers), func(i int) string { return d.p.Headers[i].Name })
}

func (d *dumper) code(c *Code) {
	for pc, in := range c.Instrs {
		line := fmt.Sprintf("\t%04d %s", pc, d.instr(in))
		if d.fset != nil && pc < len(c.Pos) && c.Pos[pc].IsValid() {
			line = fmt.Sprintf("%-60s ; %s", line, d.fset.Position(c.Pos[pc]))
		}
		d.printf("%s\n", line)
	}
}

func (d *dumper) instr(in Instr) string {
	b := func() string {
		if in.Imm {
			return fmt.Sprintf("%#x", in.K)
		}
		return d.slot(in.B)
	}
	op := in.Op.String()
	p := d.p
	switch in.Op {
	case OpNop, OpExit, OpReturn, OpMarkToDrop, OpAccept, OpReject:
		return op
	case OpConst:
		return fmt.Sprintf("%s %s = %#x bit<%d>", op, d.slot(in.Dst), in.K, in.W)
	case OpConstW:
		return fmt.Sprintf("%s %s = %x bit<%d>", op, d.slot(in.Dst), p.Wide[in.A], in.W)
	case OpMov:
		return fmt.Sprintf("%s %s = %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), in.W)
	case OpMovN:
		return fmt.Sprintf("%s %s = %s [%d words]", op, d.slot(in.Dst), d.slot(in.A), in.K)
	case OpNot, OpNeg, OpLNot, OpNotW, OpNegW:
		return fmt.Sprintf("%s %s = %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), in.W)
	case OpSlice, OpSliceW:
		return fmt.Sprintf("%s %s = %s[%d:%d]", op, d.slot(in.Dst), d.slot(in.A), int(in.K)+int(in.W)-1, in.K)
	case OpConcat:
		return fmt.Sprintf("%s %s = %s ++ %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), d.slot(in.B), in.W)
	case OpConcatW:
		return fmt.Sprintf("%s %s = %s ++ %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), d.slot(in.B), in.W)
	case OpSetSliceW:
		return fmt.Sprintf("%s %s[%d:%d] = %s", op, d.slot(in.Dst), int(in.K)+int(in.W)-1, in.K, d.slot(in.A))
	case OpSext:
		return fmt.Sprintf("%s %s = %s from %d to %d bits", op, d.slot(in.Dst), d.slot(in.A), in.K, in.W)
	case OpJmp:
		return fmt.Sprintf("%s %04d", op, in.K)
	case OpJz, OpJnz:
		return fmt.Sprintf("%s %s %04d", op, d.slot(in.A), in.K)
	case OpJeqK, OpJneK:
		return fmt.Sprintf("%s %s, %#x %04d", op, d.slot(in.A), in.K, in.C)
	case OpJeq, OpJne:
		return fmt.Sprintf("%s %s, %s %04d", op, d.slot(in.A), d.slot(in.B), in.C)
	case OpIsValid:
		return fmt.Sprintf("%s %s = %s", op, d.slot(in.Dst), d.header(in.A))
	case OpSetValid, OpSetInvalid, OpExtract, OpEmit:
		return fmt.Sprintf("%s %s", op, d.header(in.A))
	case OpExtractVar:
		return fmt.Sprintf("%s %s %s bits", op, d.header(in.A), d.slot(in.B))
	case OpApply:
		return fmt.Sprintf("%s %s", op, d.name("table", in.A, len(p.Tables), func(i int) string { return p.Tables[i].Name }))
	case OpCallX:
		return fmt.Sprintf("%s %s = %s", op, d.slot(in.Dst), d.name("action", in.A, len(p.Actions), func(i int) string { return p.Actions[i].Name }))
	case OpCall:
		return fmt.Sprintf("%s %s", op, d.name("action", in.A, len(p.Actions), func(i int) string { return p.Actions[i].Name }))
	case OpCount:
		return fmt.Sprintf("%s %s[%s]", op, d.name("counter", in.A, len(p.Counters), func(i int) string { return p.Counters[i].Name }), b())
	case OpMeter:
		return fmt.Sprintf("%s %s = %s[%s]", op, d.slot(in.Dst), d.name("meter", in.A, len(p.Meters), func(i int) string { return p.Meters[i].Name }), d.slot(in.B))
	case OpDirectMeter:
		return fmt.Sprintf("%s %s = %s", op, d.slot(in.Dst), d.name("meter", in.A, len(p.Meters), func(i int) string { return p.Meters[i].Name }))
	case OpRegRead:
		return fmt.Sprintf("%s %s = %s[%s]", op, d.slot(in.Dst), d.name("register", in.A, len(p.Registers), func(i int) string { return p.Registers[i].Name }), d.slot(in.B))
	case OpRegWrite:
		return fmt.Sprintf("%s %s[%s] = %s", op, d.name("register", in.A, len(p.Registers), func(i int) string { return p.Registers[i].Name }), d.slot(in.B), d.slot(in.C))
	case OpHash:
		if in.A < 0 || int(in.A) >= len(p.Hashes) {
			return fmt.Sprintf("%s hash#%d", op, in.A)
		}
		h := p.Hashes[in.A]
		return fmt.Sprintf("%s %s = %v base %s max %s {%s}", op, d.slot(in.Dst), h.Algo, d.slot(h.Base), d.slot(h.Max), d.list(p.Lists[h.List]))
	case OpRandom:
		return fmt.Sprintf("%s %s = [%s, %s]", op, d.slot(in.Dst), d.slot(in.A), d.slot(in.B))
	case OpDigest:
		return fmt.Sprintf("%s %s {%s}", op, d.name("digest", in.A, len(p.Digests), func(i int) string { return p.Digests[i].Name }), d.list(p.Lists[in.B]))
	case OpClone:
		return fmt.Sprintf("%s type %d session %s field_list %d", op, in.K, d.slot(in.A), in.B)
	case OpResubmit, OpRecirculate:
		return fmt.Sprintf("%s field_list %d", op, in.A)
	case OpTruncate, OpAssert, OpAssume, OpAdvance:
		return fmt.Sprintf("%s %s", op, d.slot(in.A))
	case OpLog:
		args := ""
		if in.B >= 0 {
			args = " {" + d.list(p.Lists[in.B]) + "}"
		}
		return fmt.Sprintf("%s %q%s", op, p.Messages[in.A], args)
	case OpVerifyCsum, OpUpdateCsum:
		if in.A < 0 || int(in.A) >= len(p.Checksums) {
			return fmt.Sprintf("%s checksum#%d", op, in.A)
		}
		c := p.Checksums[in.A]
		return fmt.Sprintf("%s if %s %s = %v {%s} payload %t", op, d.slot(c.Cond), d.slot(c.Field), c.Algo, d.list(p.Lists[c.List]), c.WithPayload)
	case OpLookahead:
		return fmt.Sprintf("%s %s bit<%d> at +%d", op, d.slot(in.Dst), in.W, in.K)
	case OpVerify:
		if in.C == 1 {
			return fmt.Sprintf("%s %s error in %s", op, d.slot(in.A), d.slot(in.B))
		}
		e := fmt.Sprint(in.K)
		if int(in.K) < len(p.Errors) {
			e = p.Errors[in.K]
		}
		return fmt.Sprintf("%s %s error.%s", op, d.slot(in.A), e)
	case OpGoto:
		return fmt.Sprintf("%s %s", op, d.state(int(in.K)))
	case OpSelect:
		return d.selectString(in)
	case OpEqW, OpNeW, OpLtW, OpLeW, OpGtW, OpGeW, OpSLtW, OpSLeW, OpSGtW, OpSGeW:
		return fmt.Sprintf("%s %s = %s, %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), d.slot(in.B), in.K)
	case OpResizeW:
		sign := ""
		if in.K != 0 {
			sign = " signed"
		}
		return fmt.Sprintf("%s %s = %s from %d to %d bits%s", op, d.slot(in.Dst), d.slot(in.A), in.C, in.W, sign)
	}
	return fmt.Sprintf("%s %s = %s, %s bit<%d>", op, d.slot(in.Dst), d.slot(in.A), b(), in.W)
}

func (d *dumper) selectString(in Instr) string {
	if in.A < 0 || int(in.A) >= len(d.p.Selects) {
		return fmt.Sprintf("select#%d", in.A)
	}
	s := d.p.Selects[in.A]
	var cases []string
	for _, c := range s.Cases {
		var ks []string
		for _, k := range c.Keysets {
			if w := k.Wide; w != nil && k.Kind != KeysetValueSet && k.Kind != KeysetDefault {
				switch k.Kind {
				case KeysetValue:
					ks = append(ks, fmt.Sprintf("%x", w.Value))
				case KeysetMask:
					ks = append(ks, fmt.Sprintf("%x &&& %x", w.Value, w.Mask))
				case KeysetRange:
					ks = append(ks, fmt.Sprintf("%x .. %x", w.Value, w.High))
				}
				continue
			}
			switch k.Kind {
			case KeysetDefault:
				ks = append(ks, "_")
			case KeysetValue:
				ks = append(ks, fmt.Sprintf("%#x", k.Value))
			case KeysetMask:
				ks = append(ks, fmt.Sprintf("%#x &&& %#x", k.Value, k.Mask))
			case KeysetRange:
				ks = append(ks, fmt.Sprintf("%#x .. %#x", k.Value, k.High))
			case KeysetValueSet:
				ks = append(ks, d.name("value_set", Slot(k.ValueSet), len(d.p.ValueSets), func(i int) string { return d.p.ValueSets[i].Name }))
			}
		}
		cases = append(cases, fmt.Sprintf("(%s): %s", strings.Join(ks, ", "), d.state(c.Next)))
	}
	return fmt.Sprintf("select (%s) { %s }", d.list(s.Keys), strings.Join(cases, "; "))
}

func (d *dumper) table(t *Table) {
	d.printf("table %s id %#x size %d hit %s action_run %s\n", t.Name, t.ID, t.Size, d.slot(t.HitSlot), d.slot(t.ActionRunSlot))
	for _, k := range t.Keys {
		d.printf("\tkey %s %v %s bit<%d>\n", k.Name, k.Kind, d.slot(k.Slot), k.Width)
	}
	for _, r := range t.Actions {
		flags := ""
		if r.DefaultOnly {
			flags += " @defaultonly"
		}
		if r.TableOnly {
			flags += " @tableonly"
		}
		d.printf("\taction %s%s\n", d.actionName(r.Action), flags)
	}
	c := ""
	if t.ConstDefault {
		c = "const "
	}
	d.printf("\t%sdefault %s%s\n", c, d.actionName(t.Default.Action), args(t.Default.Args))
	if t.ConstEntries {
		d.printf("\tconst entries\n")
	}
	for _, e := range t.Entries {
		var ms []string
		for _, m := range e.Match {
			ms = append(ms, fmt.Sprintf("%x/%x/%x/%d/%t", m.Value, m.Mask, m.High, m.PrefixLen, m.Wildcard))
		}
		d.printf("\tentry (%s) priority %d: %s%s\n", strings.Join(ms, ", "), e.Priority, d.actionName(e.Action.Action), args(e.Action.Args))
	}
	if t.Profile >= 0 {
		d.printf("\timplementation %d selector keys {%s}\n", t.Profile, d.list(t.SelectorKeys))
	}
	if t.DirectCounter >= 0 || t.DirectMeter >= 0 || t.SupportTimeout {
		d.printf("\tdirect counter %d meter %d timeout %t\n", t.DirectCounter, t.DirectMeter, t.SupportTimeout)
	}
}

func (d *dumper) actionName(a int) string {
	if a >= 0 && a < len(d.p.Actions) {
		return d.p.Actions[a].Name
	}
	return fmt.Sprintf("action#%d", a)
}

func args(a [][]byte) string {
	var s []string
	for _, x := range a {
		s = append(s, fmt.Sprintf("%#x", x))
	}
	return "(" + strings.Join(s, ", ") + ")"
}
