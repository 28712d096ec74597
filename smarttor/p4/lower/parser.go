package lower

import (
	"fmt"
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
	l.valueSets(bi)
	if start, ok := l.lowerStates(bi, d, e, "", ir.StateAccept); ok {
		l.b.SetStart(start)
	}
}

// vsetKey names a value_set instance: a sub-parser instantiated twice
// has a set of each.
type vsetKey struct {
	bi *types.BlockInstance
	vs *types.ValueSet
}

// valueSets declares the value_sets of parser instance bi and of the
// sub-parsers it instantiates.
func (l *lowerer) valueSets(bi *types.BlockInstance) {
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
		l.vsetIdx[vsetKey{bi, vi.ValueSet}] = v
	}
	for _, c := range bi.Children {
		if c.Type.Kind == types.KindParser {
			l.valueSets(c)
		}
	}
}

// lowerStates lowers the states of parser d (instance bi, environment
// e), their names prefixed by prefix; accept goes to state acceptTo
// (ir.StateAccept but for an inlined sub-parser). It returns the entry
// state: the initialization of the parser's local variables, if any,
// else start.
func (l *lowerer) lowerStates(bi *types.BlockInstance, d *syntax.ParserDecl, e *env, prefix string, acceptTo int) (int, bool) {
	states := map[*types.State]int{}
	codes := make([]*ir.CodeBuilder, len(d.States))
	start := -1
	for i, s := range d.States {
		idx, cb := l.b.State(prefix + s.Name.Name)
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
		return 0, false
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
		idx, cb := l.b.State(prefix + "$init")
		g := &gen{l: l, c: cb, env: e, bi: bi, targs: blockTargs(bi)}
		for _, v := range inits {
			cb.At(v.Pos())
			g.decl(v)
		}
		cb.Goto(start)
		start = idx
	}
	for i, s := range d.States {
		g := &gen{l: l, c: codes[i], env: e, bi: bi, acceptTo: acceptTo, targs: blockTargs(bi)}
		g.stateStmts(s.Stmts, prefix+s.Name.Name, func() { g.transition(s, states) })
	}
	return start, true
}

// stateStmts lowers the statements of a parser state, then tail (the
// transition). A sub-parser apply ends the code it is in (its states run
// next); one nested in an if or a block splits the state: each branch
// ends by going to a new state that holds the statements after the if,
// then tail. name makes the new states' names unique.
func (g *gen) stateStmts(stmts []syntax.Stmt, name string, tail func()) {
	for j, st := range stmts {
		if cs, ok := st.(*syntax.CallStmt); ok && g.subParser(cs.Call, name, j) {
			continue
		}
		if !g.hasSubParser(st) {
			g.stmt(st)
			continue
		}
		rest := stmts[j+1:]
		switch st := st.(type) {
		case *syntax.BlockStmt:
			// Names are resolved already: the block's statements can
			// run in the enclosing sequence.
			g.stateStmts(append(append([]syntax.Stmt(nil), st.Stmts...), rest...), fmt.Sprintf("%s$b%d", name, j), tail)
			return
		case *syntax.IfStmt:
			g.c.At(st.Pos())
			join, joinCode := g.l.b.State(fmt.Sprintf("%s$if%d", name, j))
			toJoin := func() { g.c.Goto(join) }
			els := g.c.NewLabel()
			g.c.JumpIfNot(g.expr(st.Cond), els)
			cur := g.c
			g.stateStmts([]syntax.Stmt{st.Then}, fmt.Sprintf("%s$if%d.then", name, j), toJoin)
			g.c = cur
			g.c.Bind(els)
			var elseStmts []syntax.Stmt
			if st.Else != nil {
				elseStmts = []syntax.Stmt{st.Else}
			}
			g.stateStmts(elseStmts, fmt.Sprintf("%s$if%d.else", name, j), toJoin)
			g.c = joinCode
			g.stateStmts(rest, fmt.Sprintf("%s$if%d.", name, j), tail)
			return
		default:
			g.errorf(st.Pos(), "a sub-parser apply in a %T is not supported", st)
		}
	}
	tail()
}

// hasSubParser reports whether st contains a sub-parser apply statement
// (at any depth of blocks and ifs).
func (g *gen) hasSubParser(st syntax.Stmt) bool {
	switch st := st.(type) {
	case *syntax.CallStmt:
		return g.isSubParserApply(st.Call)
	case *syntax.BlockStmt:
		for _, s := range st.Stmts {
			if g.hasSubParser(s) {
				return true
			}
		}
	case *syntax.IfStmt:
		return g.hasSubParser(st.Then) || st.Else != nil && g.hasSubParser(st.Else)
	}
	return false
}

func (g *gen) isSubParserApply(x *syntax.CallExpr) bool {
	child := g.appliedBlock(g.l.info.Calls[x])
	return child != nil && child.Type.Kind == types.KindParser
}

// appliedBlock returns the block instance a CallBlockApply applies: a
// nested instance, or the one given for a constructor parameter; nil for
// other calls.
func (g *gen) appliedBlock(c *types.Call) *types.BlockInstance {
	if c == nil || c.Kind != types.CallBlockApply || g.bi == nil {
		return nil
	}
	if c.Instance != nil {
		return g.bi.Child(c.Instance)
	}
	if c.CtorParam != nil {
		return g.bi.CtorBlock(c.CtorParam)
	}
	return nil
}

// subParser inlines sub.apply(pkt, args) of a sub-parser instance: the
// arguments are copied in, the sub-parser's states run, and its accept
// continues in a new state that copies out and goes on with the rest of
// the calling state (g.c becomes that state's code). It reports false if
// x is not a sub-parser apply.
func (g *gen) subParser(x *syntax.CallExpr, state string, n int) bool {
	c := g.l.info.Calls[x]
	child := g.appliedBlock(c)
	if child == nil || child.Type.Kind != types.KindParser {
		return false
	}
	d, ok := child.Decl().(*syntax.ParserDecl)
	if !ok {
		return false
	}
	l := g.l
	g.c.At(x.Pos())
	e := newEnv(l.root, child)
	params := child.Type.Params
	// Arguments are copied in and (on accept) out, with fresh locations
	// for the parameters, as p4c's parser inlining does for BMv2: when
	// the sub-parser ends in a parser error, nothing is copied out. Only
	// the packet is shared.
	for i, p := range params {
		var arg syntax.Expr
		if i < len(c.Args) {
			arg = c.Args[i]
		}
		if arg != nil {
			if lc := g.lvalue(arg); lc != nil && lc.pkt {
				e.vars[p] = lc
				continue
			}
		}
		e.vars[p] = l.alloc(child.Name+"."+p.Name, p.Type, nil)
		if p.Dir == types.DirOut {
			// Every run starts with the headers of an out parameter
			// invalid (the call may run more than once per packet).
			g.resetHeaders(e.vars[p])
		} else if arg != nil {
			g.assignLoc(e.vars[p], arg)
		}
	}
	l.envs[child] = e
	prefix := fmt.Sprintf("%s$%d.%s.", state, n, child.Name)
	cont, cb := l.b.State(prefix + "$return")
	start, ok := l.lowerStates(child, d, e, prefix, cont)
	if !ok {
		return true
	}
	g.c.Goto(start)
	g.c = cb
	for i, p := range params {
		if i < len(c.Args) && c.Args[i] != nil && (p.Dir == types.DirOut || p.Dir == types.DirInOut) && !e.vars[p].pkt {
			g.copyOut(c.Args[i], e.vars[p], x.Pos())
		}
	}
	return true
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
	if next == ir.StateAccept && g.acceptTo != ir.StateAccept && g.acceptTo != 0 {
		next = g.acceptTo
	}
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
		for i, k := range t.Keys {
			keys = append(keys, g.settleList(g.values(k), t.Keys[i+1:])...)
		}
		var cases []ir.SelectCase
		for _, cs := range t.Cases {
			sc := ir.SelectCase{Next: g.stateIndex(cs.State, states)}
			if sc.Next == ir.StateAccept && g.acceptTo != ir.StateAccept && g.acceptTo != 0 {
				sc.Next = g.acceptTo
			}
			for i, ks := range g.l.info.Keysets[cs] {
				if ks == nil {
					continue
				}
				n := len(sc.Keysets)
				switch ks.Kind {
				case types.KeysetValueSet:
					sc.Keysets = []ir.Keyset{{Kind: ir.KeysetValueSet, ValueSet: g.l.vsetIdx[vsetKey{g.bi, ks.ValueSet}]}}
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
				if n < len(sc.Keysets) && i < len(keys) && keys[i].Width > 64 {
					w := keys[i].Width
					sc.Keysets[n].Wide = &ir.WideKeyset{Value: wideWords(ks.Value, w), Mask: wideWords(ks.Mask, w), High: wideWords(ks.Hi, w)}
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

// wideWords returns the arena words of a keyset value of a w-bit key
// (negative values wrap; nil is 0).
func wideWords(v *big.Int, w int) []uint64 {
	if v == nil {
		return make([]uint64, ir.Words(w))
	}
	r := new(big.Int).Mod(v, new(big.Int).Lsh(big.NewInt(1), uint(w)))
	return ir.BytesToWords(r.Bytes(), w)
}

// u64 returns the low 64 bits of a keyset value (negative values wrap);
// keys wider than 64 bits also get wideWords.
func u64(v *big.Int) uint64 {
	if v == nil {
		return 0
	}
	m := new(big.Int).Lsh(big.NewInt(1), 64)
	return new(big.Int).Mod(v, m).Uint64()
}

// resetHeaders makes every header in lc invalid.
func (g *gen) resetHeaders(lc *loc) {
	if lc.hdr != nil {
		g.c.SetInvalid(lc.hdr)
	}
	for _, f := range lc.fields {
		g.resetHeaders(f)
	}
	for _, e := range lc.elems {
		g.resetHeaders(e)
	}
}
