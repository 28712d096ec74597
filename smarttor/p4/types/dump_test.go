package types

import (
	"fmt"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// dumpProgram renders the instance tree and tables for golden tests.
func dumpProgram(p *Program) string {
	var b strings.Builder
	if p.Package != nil {
		fmt.Fprintf(&b, "package %s main\n", p.Package)
	}
	for _, bi := range p.Blocks {
		dumpBlock(&b, p, bi, "")
	}
	for _, e := range p.Externs {
		fmt.Fprintf(&b, "extern %s %s %v\n", e.Extern, e.Name, e.Instance.Values)
	}
	for _, d := range p.Digests {
		fmt.Fprintf(&b, "digest %s receiver %v in %s\n", d.Type, d.Receiver, d.Block.Name)
	}
	return b.String()
}

func dumpBlock(b *strings.Builder, p *Program, bi *BlockInstance, ind string) {
	param := ""
	if bi.Param != nil {
		param = " (" + bi.Param.Name + ")"
	}
	fmt.Fprintf(b, "%s%s %s%s\n", ind, bi.Type.Kind, bi.Name, param)
	ind += "  "
	for _, e := range bi.Externs {
		fmt.Fprintf(b, "%sextern %s %s %v\n", ind, e.Extern, e.Name, e.Instance.Values)
	}
	for _, a := range bi.Actions {
		var ps []string
		for _, prm := range a.Action.Params {
			ps = append(ps, strings.TrimSpace(prm.Dir.String()+" "+prm.Type.String()+" "+prm.Name))
		}
		fmt.Fprintf(b, "%saction %s(%s)\n", ind, a.Name, strings.Join(ps, ", "))
	}
	for _, ti := range bi.Tables {
		t := ti.Table
		fmt.Fprintf(b, "%stable %s size=%d\n", ind, ti.Name, ti.Size)
		for _, k := range t.Keys {
			fmt.Fprintf(b, "%s  key %s %s %d\n", ind, k.Name, k.MatchKind, k.Width)
		}
		for _, a := range t.Actions {
			fmt.Fprintf(b, "%s  action %s scope=%d\n", ind, p.ActionName(bi, a.Action), a.Scope)
		}
		if t.Default != nil {
			fmt.Fprintf(b, "%s  default %s %v const=%v implicit=%v\n", ind, p.ActionName(bi, t.Default.Action), t.Default.Values, t.DefaultConst, t.DefaultImplicit)
		}
		for _, e := range t.Entries {
			var ks []string
			for _, k := range e.Keys {
				ks = append(ks, keysetString(k))
			}
			fmt.Fprintf(b, "%s  entry (%s) prio=%d -> %s %v\n", ind, strings.Join(ks, ", "), e.Priority, e.Action.Action.Name(), e.Action.Values)
		}
		for _, r := range []struct {
			what string
			in   *Instance
		}{{"counters", t.Counters}, {"meters", t.Meters}, {"implementation", t.Implementation}} {
			if r.in != nil {
				fmt.Fprintf(b, "%s  %s %s\n", ind, r.what, bi.Extern(r.in).Name)
			}
		}
		if t.SupportTimeout {
			fmt.Fprintf(b, "%s  support_timeout\n", ind)
		}
	}
	for _, v := range bi.ValueSets {
		fmt.Fprintf(b, "%svalue_set %s<%s>(%d)\n", ind, v.Name, v.ValueSet.Elem, v.ValueSet.Size)
	}
	if d, ok := bi.Decl().(*syntax.ParserDecl); ok {
		for _, st := range d.States {
			if st == nil || st.Transition == nil {
				continue
			}
			sel, ok := st.Transition.Target.(*syntax.SelectExpr)
			if !ok {
				if id, ok := st.Transition.Target.(*syntax.Ident); ok {
					fmt.Fprintf(b, "%sstate %s -> %s\n", ind, st.Name.Name, p.Info.Uses[id].Name())
				}
				continue
			}
			fmt.Fprintf(b, "%sstate %s select\n", ind, st.Name.Name)
			for _, cs := range sel.Cases {
				var ks []string
				for _, k := range p.Info.Keysets[cs] {
					ks = append(ks, keysetString(k))
				}
				fmt.Fprintf(b, "%s  (%s) -> %s\n", ind, strings.Join(ks, ", "), p.Info.Uses[cs.State].Name())
			}
		}
	}
	for _, c := range bi.Children {
		dumpBlock(b, p, c, ind)
	}
}

func keysetString(k *Keyset) string {
	switch k.Kind {
	case KeysetExact:
		return fmt.Sprint(k.Value)
	case KeysetMask:
		return fmt.Sprintf("%v &&& %v", k.Value, k.Mask)
	case KeysetRange:
		return fmt.Sprintf("%v..%v", k.Value, k.Hi)
	case KeysetDefault:
		return "_"
	case KeysetValueSet:
		if k.Field >= 0 {
			return fmt.Sprintf("%s.%d", k.ValueSet.Name(), k.Field)
		}
		return k.ValueSet.Name()
	}
	return "?"
}
