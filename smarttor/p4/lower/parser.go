package lower

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// lowerParser lowers the parser block instance into IR states.
func (l *lowerer) lowerParser(bi *types.BlockInstance) {
	e := l.bindParams(bi)
	d, ok := bi.Decl().(*syntax.ParserDecl)
	if !ok {
		l.errorf(syntax.NoPos, "%s is not a parser with states", bi.Name)
		return
	}
	l.b.Parser(bi.Name)
	states := map[*types.State]int{}
	codes := make([]*ir.CodeBuilder, len(d.States))
	start := -1
	for i, s := range d.States {
		idx, cb := l.b.State(s.Name.Name)
		codes[i] = cb
		if st := l.info.StateOf[s]; st != nil {
			states[st] = idx
		}
		if s.Name.Name == "start" {
			start = idx
		}
	}
	if start < 0 {
		l.errorf(d.Pos(), "parser %s has no start state", bi.Name)
		return
	}
	for _, vi := range bi.ValueSets {
		var widths []int
		switch u := types.Underlying(vi.ValueSet.Elem).(type) {
		case *types.Struct:
			for _, f := range u.Fields {
				w, _ := width(f.Type)
				widths = append(widths, w)
			}
		default:
			w, _ := width(u)
			widths = append(widths, w)
		}
		v := l.b.ValueSet(vi.Name, int(vi.ValueSet.Size), widths...)
		l.b.SetValueSetID(v, l.ids["value_set:"+vi.Name])
		l.vsetIdx[vi.ValueSet] = v
	}
	// Local variables are initialized in a state of their own before
	// start.
	var inits []*syntax.VarDecl
	for _, loc := range d.Locals {
		if v, ok := loc.(*syntax.VarDecl); ok {
			inits = append(inits, v)
		}
	}
	if len(inits) > 0 {
		idx, cb := l.b.State("$init")
		g := &gen{l: l, c: cb, env: e, bi: bi}
		for _, v := range inits {
			cb.At(v.Pos())
			g.decl(v)
		}
		cb.Goto(start)
		start = idx
	}
	l.b.SetStart(start)
	for i, s := range d.States {
		g := &gen{l: l, c: codes[i], env: e, bi: bi}
		g.stmts(s.Stmts)
		g.transition(s, states)
	}
}

func (g *gen) stateIndex(id *syntax.Ident, states map[*types.State]int) int {
	st, _ := g.l.info.Uses[id].(*types.State)
	if st == nil {
		g.errorf(id.Pos(), "unknown state %s", id.Name)
		return ir.StateReject
	}
	if i, ok := states[st]; ok {
		return i
	}
	switch st.Name() {
	case "accept":
		return ir.StateAccept
	case "reject":
		return ir.StateReject
	}
	g.errorf(id.Pos(), "unknown state %s", id.Name)
	return ir.StateReject
}

func (g *gen) goTo(next int) {
	switch next {
	case ir.StateAccept:
		g.c.Accept()
	case ir.StateReject:
		g.c.Reject()
	default:
		g.c.Goto(next)
	}
}

func (g *gen) transition(s *syntax.ParserState, states map[*types.State]int) {
	if s.Transition == nil {
		g.c.Reject()
		return
	}
	g.c.At(s.Transition.Pos())
	switch t := s.Transition.Target.(type) {
	case *syntax.Ident:
		g.goTo(g.stateIndex(t, states))
	case *syntax.SelectExpr:
		var keys []ir.Value
		for _, k := range t.Keys {
			keys = append(keys, g.values(k)...)
		}
		var cases []ir.SelectCase
		for _, cs := range t.Cases {
			sc := ir.SelectCase{Next: g.stateIndex(cs.State, states)}
			for _, ks := range g.l.info.Keysets[cs] {
				if ks == nil {
					continue
				}
				switch ks.Kind {
				case types.KeysetValueSet:
					sc.Keysets = []ir.Keyset{{Kind: ir.KeysetValueSet, ValueSet: g.l.vsetIdx[ks.ValueSet]}}
				case types.KeysetDefault:
					sc.Keysets = append(sc.Keysets, ir.Keyset{Kind: ir.KeysetDefault})
				case types.KeysetExact:
					sc.Keysets = append(sc.Keysets, ir.Keyset{Kind: ir.KeysetValue, Value: u64(ks.Value)})
				case types.KeysetMask:
					sc.Keysets = append(sc.Keysets, ir.Keyset{Kind: ir.KeysetMask, Value: u64(ks.Value), Mask: u64(ks.Mask)})
				case types.KeysetRange:
					sc.Keysets = append(sc.Keysets, ir.Keyset{Kind: ir.KeysetRange, Value: u64(ks.Value), High: u64(ks.Hi)})
				}
				if ks.Kind == types.KeysetValueSet {
					break
				}
			}
			cases = append(cases, sc)
		}
		g.c.Select(keys, cases)
	default:
		g.errorf(s.Transition.Pos(), "unsupported transition")
		g.c.Reject()
	}
}

// u64 returns the low 64 bits of a keyset value (select keys are at
// most 64 bits wide; negative values wrap).
func u64(v *big.Int) uint64 {
	if v == nil {
		return 0
	}
	m := new(big.Int).Lsh(big.NewInt(1), 64)
	return new(big.Int).Mod(v, m).Uint64()
}
