package lower

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// lowerControl lowers a top-level control block instance.
func (l *lowerer) lowerControl(bi *types.BlockInstance) *ir.CodeBuilder {
	e := l.bindParams(bi)
	cb := l.b.NewCode(bi.Name)
	g := &gen{l: l, c: cb, env: e, bi: bi, targs: blockTargs(bi)}
	g.ret = cb.NewLabel()
	g.controlBody(bi)
	cb.Bind(g.ret)
	return cb
}

// controlBody lowers a control's local variable initializers and its
// apply block.
func (g *gen) controlBody(bi *types.BlockInstance) {
	d, ok := bi.Decl().(*syntax.ControlDecl)
	if !ok {
		g.errorf(syntax.NoPos, "%s is not a control with a body", bi.Name)
		return
	}
	for _, loc := range d.Locals {
		if v, ok := loc.(*syntax.VarDecl); ok {
			g.c.At(v.Pos())
			g.decl(v)
		}
	}
	if d.Apply != nil {
		g.stmts(d.Apply.Stmts)
	}
}

// applyBlock inlines c.apply(args) of a nested control instance with
// copy-in/copy-out of its parameters.
func (g *gen) applyBlock(x *syntax.CallExpr, c *types.Call) {
	if (c.Instance == nil && c.CtorParam == nil) || g.bi == nil {
		g.errorf(x.Pos(), "apply of an unknown instance")
		return
	}
	// For a constructor parameter, the instance given for it, shared by
	// everything it was given to.
	child := g.appliedBlock(c)
	if child == nil {
		g.errorf(x.Pos(), "instance %s not found", syntax.Sprint(c.Recv))
		return
	}
	if child.Type.Kind != types.KindControl {
		g.errorf(x.Pos(), "sub-parsers are not supported")
		return
	}
	l := g.l
	e := l.envs[child]
	if e == nil {
		e = newEnv(l.root, child)
		for _, p := range child.Type.Params {
			e.vars[p] = l.alloc(child.Name+"."+p.Name, p.Type, nil)
		}
		l.envs[child] = e
	}
	params := child.Type.Params
	for i, p := range params {
		if i < len(c.Args) && c.Args[i] != nil && p.Dir != types.DirOut {
			g.assignLoc(e.vars[p], c.Args[i])
		}
	}
	copyOut := func() {
		for i, p := range params {
			if i < len(c.Args) && c.Args[i] != nil && (p.Dir == types.DirOut || p.Dir == types.DirInOut) {
				g.copyOut(c.Args[i], e.vars[p], x.Pos())
			}
		}
	}
	exits := append(append([]func(){}, g.exits...), copyOut)
	cg := &gen{l: l, c: g.c, env: e, bi: child, ret: g.c.NewLabel(), exits: exits, targs: blockTargs(child)}
	cg.controlBody(child)
	g.c.Bind(cg.ret)
	copyOut()
}

// declaringBlock returns the block instance (bi or an ancestor) that
// declares action a, or nil for a top-level action.
func declaringBlock(bi *types.BlockInstance, a *types.Action) *types.BlockInstance {
	for x := bi; x != nil; x = x.Parent {
		if x.Action(a) != nil {
			return x
		}
	}
	return nil
}

func (g *gen) declaringBlock(bi *types.BlockInstance, a *types.Action) *types.BlockInstance {
	return declaringBlock(bi, a)
}

// action returns the IR action of a declared in bi (nil: top level),
// lowering it on first use.
func (l *lowerer) action(bi *types.BlockInstance, a *types.Action) int {
	k := actionKey{bi, a}
	if i, ok := l.acts[k]; ok {
		return i
	}
	return l.lowerAction(bi, a, nil)
}

// boundAction lowers, for one table, action a with its directional
// parameters bound to the argument locations of the table's actions
// list (actions = { my_drop(standard_metadata); }). The parameters
// alias the arguments: the action reads and writes them in place, which
// is copy-in/copy-out but for an argument passed twice.
func (g *gen) boundAction(ti *types.TableInstance, ta *types.TableAction) int {
	bound := map[*types.Param]*loc{}
	j := 0
	for _, p := range ta.Action.Params {
		if p.Dir == types.DirNone {
			continue
		}
		if j < len(ta.Args) && ta.Args[j] != nil {
			if lc := g.lvalue(ta.Args[j]); lc != nil {
				bound[p] = lc
			} else {
				g.errorf(ta.Args[j].Pos(), "bound argument of action %s is not a variable", ta.Action.Name())
			}
		}
		j++
	}
	idx := g.l.lowerAction(declaringBlock(ti.Block, ta.Action), ta.Action, bound)
	g.l.boundActs[tableAction{ti, ta.Action}] = idx
	return idx
}

// lowerAction lowers a declared in bi; bound, if not nil, gives the
// locations of its directional parameters (boundAction), else the action
// is the one direct calls use.
func (l *lowerer) lowerAction(bi *types.BlockInstance, a *types.Action, bound map[*types.Param]*loc) int {
	k := actionKey{bi, a}
	name := l.prog.ActionName(bi, a)
	var data []ir.FieldSpec
	for _, p := range a.Params {
		if p.Dir == types.DirNone {
			w, ok := width(p.Type)
			if !ok {
				l.errorf(p.Pos, "action parameter %s of type %v is not supported", p.Name, p.Type)
				w = 1
			}
			data = append(data, ir.FieldSpec{Name: p.Name, Width: w})
		}
	}
	idx, cb := l.b.Action(name, data...)
	if bound == nil {
		l.acts[k] = idx
	}
	if id := l.ids["action:"+name]; id != 0 {
		l.b.SetActionID(idx, id)
	}
	parent := l.root
	if bi != nil {
		if e := l.envs[bi]; e != nil {
			parent = e
		}
	}
	e := newEnv(parent, bi)
	j := 0
	for _, p := range a.Params {
		if p.Dir == types.DirNone {
			v := l.b.Param(idx, j)
			v.Signed = signed(p.Type)
			e.vars[p] = &loc{typ: p.Type, val: v}
			j++
		} else if lc := bound[p]; lc != nil {
			e.vars[p] = lc
		} else {
			e.vars[p] = l.alloc(name+"."+p.Name, p.Type, nil)
		}
	}
	if bound == nil {
		l.actEnvs[k] = e
	}
	g := &gen{l: l, c: cb, env: e, bi: bi, action: true, targs: blockTargs(bi)}
	if a.Decl != nil && a.Decl.Body != nil {
		g.stmts(a.Decl.Body.Stmts)
	}
	return idx
}

// callAction lowers a direct action call.
func (g *gen) callAction(x *syntax.CallExpr, c *types.Call) {
	a := c.Action
	bi := declaringBlock(g.bi, a)
	idx := g.l.action(bi, a)
	var outs []int
	j := 0
	for i, p := range a.Params {
		var arg syntax.Expr
		if i < len(c.Args) {
			arg = c.Args[i]
		}
		if p.Dir == types.DirNone {
			dst := g.l.b.Param(idx, j)
			if arg == nil {
				g.c.SetConst(dst, 0)
			} else {
				g.assignValue(dst, arg)
			}
			j++
			continue
		}
		if p.Dir == types.DirOut || p.Dir == types.DirInOut {
			outs = append(outs, i)
		}
		if arg != nil && p.Dir != types.DirOut {
			g.assignLoc(g.actionParam(bi, a, p), arg)
		}
	}
	if len(outs) == 0 {
		g.c.CallPrepared(idx)
		return
	}
	// An exit in the action still copies out its out and inout
	// arguments: the call catches it, copies out, then exits.
	exited := g.l.b.Temp(1)
	g.c.CallCatchExit(idx, exited)
	for _, i := range outs {
		if i < len(c.Args) && c.Args[i] != nil {
			g.copyOut(c.Args[i], g.actionParam(bi, a, a.Params[i]), x.Pos())
		}
	}
	done := g.c.NewLabel()
	g.c.JumpIfNot(exited, done)
	g.exit()
	g.c.Bind(done)
}

// actionParam returns the location of a directional parameter of an
// action already lowered.
func (g *gen) actionParam(bi *types.BlockInstance, a *types.Action, p *types.Param) *loc {
	if e := g.l.actEnvs[actionKey{bi, a}]; e != nil {
		if lc := e.vars[p]; lc != nil {
			return lc
		}
	}
	g.errorf(p.Pos, "parameter %s of action %s not found", p.Name, a.Name())
	return &loc{typ: p.Type, val: g.l.b.Temp(1)}
}

// applyTable lowers t.apply(): the computed keys, then the apply.
func (g *gen) applyTable(x *syntax.CallExpr) *tableInfo {
	c := g.l.info.Calls[x]
	if c == nil || c.Table == nil {
		g.errorf(x.Pos(), "unresolved table apply")
		return nil
	}
	var ti *types.TableInstance
	for b := g.bi; b != nil && ti == nil; b = b.Parent {
		ti = b.Table(c.Table)
	}
	if ti == nil {
		g.errorf(x.Pos(), "table %s has no instance here", c.Table.Name())
		return nil
	}
	info := g.table(ti)
	for i, k := range info.keys {
		if t := info.temps[i]; t.Slot != ir.NoSlot {
			g.c.Assign(t, g.exprWidth(k, t.Width))
		}
	}
	g.c.Apply(info.index)
	return info
}

var matchKinds = map[string]match.Kind{"exact": match.KindExact, "lpm": match.KindLPM,
	"ternary": match.KindTernary, "range": match.KindRange, "optional": match.KindOptional}

// table declares a table instance on first use.
func (g *gen) table(ti *types.TableInstance) *tableInfo {
	l := g.l
	if info := l.tabs[ti]; info != nil {
		return info
	}
	t := ti.Table
	info := &tableInfo{bi: ti.Block}
	spec := ir.TableSpec{Name: ti.Name, ID: l.ids["table:"+ti.Name], Size: int(t.Size),
		SupportTimeout: t.SupportTimeout, ConstDefault: t.DefaultConst, ConstEntries: t.EntriesConst, Pos: t.Pos()}
	ternary := false
	for i, k := range t.Keys {
		if k.MatchKind == "selector" {
			w := k.Width
			if w == 0 {
				w, _ = width(k.Type)
			}
			if lc := g.staticLvalue(k.Expr); lc != nil && lc.fields == nil && lc.hdr == nil && lc.val.Width == w {
				spec.SelectorKeys = append(spec.SelectorKeys, lc.val)
			} else {
				tmp := l.b.Local(ti.Name+".$selector"+string(rune('0'+i)), w)
				info.keys = append(info.keys, k.Expr)
				info.temps = append(info.temps, tmp)
				spec.SelectorKeys = append(spec.SelectorKeys, tmp)
			}
			continue
		}
		kind, ok := matchKinds[k.MatchKind]
		if !ok {
			g.errorf(k.Expr.Pos(), "match kind %s is not supported", k.MatchKind)
			kind = match.KindExact
		}
		if kind != match.KindExact && kind != match.KindLPM {
			ternary = true
		}
		w := k.Width
		if w == 0 {
			w, _ = width(k.Type)
		}
		temp := ir.Value{Slot: ir.NoSlot, Width: w}
		v := temp
		if lc := g.staticLvalue(k.Expr); lc != nil && lc.fields == nil && lc.hdr == nil && lc.val.Width == w {
			v = lc.val
		} else {
			temp = l.b.Local(ti.Name+".$key"+string(rune('0'+i)), w)
			v = temp
		}
		info.keys = append(info.keys, k.Expr)
		info.temps = append(info.temps, temp)
		spec.Keys = append(spec.Keys, ir.KeySpec{Name: k.Name, Kind: kind, Value: v})
	}
	if t.Implementation != nil {
		if ei := ti.Block.Extern(t.Implementation); ei != nil {
			spec.HasProfile, spec.Profile = true, l.profile(ei)
		} else {
			g.errorf(t.Pos(), "implementation of table %s not found", ti.Name)
		}
	}
	// Declare the table and its direct resources first: its actions may
	// read the direct meter.
	info.index = l.b.Table(spec)
	l.tabs[ti] = info
	if t.Counters != nil {
		if ei := ti.Block.Extern(t.Counters); ei != nil {
			l.extern(ei, info.index)
		}
	}
	if t.Meters != nil {
		if ei := ti.Block.Extern(t.Meters); ei != nil {
			l.extern(ei, info.index)
		}
	}

	var refs []ir.ActionRef
	for _, ta := range t.Actions {
		var idx int
		if len(ta.Args) > 0 {
			idx = g.boundAction(ti, ta)
		} else {
			idx = l.action(declaringBlock(ti.Block, ta.Action), ta.Action)
		}
		refs = append(refs, ir.ActionRef{Action: idx,
			DefaultOnly: ta.Scope == types.ScopeDefaultOnly, TableOnly: ta.Scope == types.ScopeTableOnly})
	}
	var def ir.ActionCall
	if t.Default != nil {
		def = g.actionCall(ti, t.Default)
	}
	var entries []ir.ConstEntry
	for _, e := range t.Entries {
		ce := ir.ConstEntry{Action: g.actionCall(ti, e.Action), Priority: int32(e.Priority)}
		if t.SmallestPriorityWins && ternary {
			// BMv2 prefers the smallest priority; simple_switch_grpc
			// (PI) shows the control plane, where the largest wins,
			// MaxInt32 minus it, and the match engine here prefers
			// the largest too.
			if e.Priority < 0 || e.Priority > math.MaxInt32 {
				l.errorf(entryPos(e), "entry priority %d is out of the range 0..%d BMv2 supports", e.Priority, math.MaxInt32)
			}
			ce.Priority = int32(math.MaxInt32 - min(max(e.Priority, 0), math.MaxInt32))
		}
		if !ternary {
			ce.Priority = 0
		}
		for j, ks := range e.Keys {
			if j < len(spec.Keys) {
				ce.Match = append(ce.Match, entryMatch(ks, spec.Keys[j].Kind, spec.Keys[j].Value.Width))
			}
		}
		entries = append(entries, ce)
	}
	l.b.SetTableActions(info.index, refs, def, entries)
	return info
}

// actionCall converts a default action or entry action.
func (g *gen) actionCall(ti *types.TableInstance, ac *types.ActionCall) ir.ActionCall {
	if ac == nil || ac.Action == nil {
		return ir.ActionCall{}
	}
	idx, ok := g.l.boundActs[tableAction{ti, ac.Action}]
	if !ok {
		idx = g.l.action(declaringBlock(ti.Block, ac.Action), ac.Action)
	}
	out := ir.ActionCall{Action: idx}
	for i, p := range ac.Action.Params {
		if p.Dir != types.DirNone {
			continue
		}
		w, _ := width(p.Type)
		var v *big.Int
		if i < len(ac.Values) && ac.Values[i] != nil {
			v, _ = types.IntOf(ac.Values[i])
			if m, ok := ac.Values[i].(*types.EnumMember); ok && m.Value == nil {
				v = big.NewInt(int64(m.Index))
			}
		}
		if v == nil {
			v = new(big.Int)
		}
		out.Args = append(out.Args, intBytes(v, w))
	}
	return out
}

// intBytes returns v as ceil(w/8) big-endian bytes, two's complement.
func intBytes(v *big.Int, w int) []byte {
	m := new(big.Int).Lsh(big.NewInt(1), uint(w))
	r := new(big.Int).Mod(v, m)
	return r.FillBytes(make([]byte, (w+7)/8))
}

// entryMatch converts a constant entry's keyset for a key of kind k.
func entryMatch(ks *types.Keyset, k match.Kind, w int) match.FieldMatch {
	if ks == nil || ks.Kind == types.KeysetDefault {
		return match.FieldMatch{Wildcard: true}
	}
	fm := match.FieldMatch{Value: intBytes(ks.Value, w)}
	switch k {
	case match.KindLPM:
		fm.PrefixLen = w
		if ks.Kind == types.KeysetMask {
			m := intBytes(ks.Mask, w)
			n := 0
			for _, b := range m {
				n += bits.OnesCount8(b)
			}
			fm.PrefixLen = n
		}
	case match.KindTernary:
		fm.Mask = intBytes(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(w)), big.NewInt(1)), w)
		if ks.Kind == types.KeysetMask {
			fm.Mask = intBytes(ks.Mask, w)
		}
	case match.KindRange:
		fm.High = fm.Value
		if ks.Kind == types.KeysetRange {
			fm.High = intBytes(ks.Hi, w)
		}
	}
	return fm
}

// profile returns the IR action profile of an action_profile or
// action_selector instance, declaring it on first use.
func (l *lowerer) profile(ei *types.ExternInstance) int {
	if i, ok := l.profiles[ei]; ok {
		return i
	}
	in := ei.Instance
	val := func(i int) types.Value {
		if i < len(in.Values) {
			return in.Values[i]
		}
		return nil
	}
	intArg := func(i int) int {
		if v, ok := types.IntOf(val(i)); ok {
			return int(v.Int64())
		}
		return 0
	}
	var i int
	switch ei.Extern.Root().Name {
	case "action_selector":
		algo := ir.HashCRC16
		if m, ok := val(0).(*types.EnumMember); ok {
			if a, ok := hashAlgos[m.Name()]; ok {
				algo = a
			}
		}
		i = l.b.ActionProfile(ei.Name, l.ids["action_profile:"+ei.Name], intArg(1), true, algo, intArg(2))
	case "action_profile":
		i = l.b.ActionProfile(ei.Name, l.ids["action_profile:"+ei.Name], intArg(0), false, 0, 0)
	default:
		l.errorf(in.Pos(), "table implementation %s is not supported", ei.Extern.Root().Name)
	}
	l.profiles[ei] = i
	return i
}

// entryPos returns the position of a table entry, if it has one.
func entryPos(e *types.Entry) syntax.Pos {
	if e.Decl == nil {
		return syntax.NoPos
	}
	return e.Decl.Pos()
}
