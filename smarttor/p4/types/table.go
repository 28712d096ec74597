package types

import (
	"math/big"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

func (c *checker) tableDecl(s *Scope, d *syntax.TableDecl, parent *Block) {
	if d.Name == nil {
		return
	}
	t := &Table{object: object{d.Name.Name, d.Name.Pos(), nil}, Annotations: d.Annotations, Decl: d, Parent: parent}
	t.typ = &TableType{Table: t}
	saved := c.table
	c.table = t
	defer func() { c.table = saved }()
	var keys *syntax.KeyProperty
	var actions *syntax.ActionsProperty
	seen := map[string]bool{}
	for _, p := range d.Properties {
		name := ""
		switch p := p.(type) {
		case *syntax.KeyProperty:
			name, keys = "key", p
		case *syntax.ActionsProperty:
			name, actions = "actions", p
		case *syntax.EntriesProperty:
			name = "entries"
		case *syntax.ValueProperty:
			if p.Name != nil {
				name = p.Name.Name
			}
		}
		if name != "" && seen[name] {
			c.errorf(p.Pos(), "table property %q given twice", name)
		}
		seen[name] = true
	}
	if keys != nil {
		for _, e := range keys.Elems {
			if e != nil {
				c.tableKey(s, t, e)
			}
		}
	}
	if actions == nil {
		c.errorf(d.Pos(), "table %q has no actions property", t.Name())
	} else {
		for _, r := range actions.Actions {
			if r != nil {
				c.tableActionRef(s, t, r)
			}
		}
	}
	for _, p := range d.Properties {
		switch p := p.(type) {
		case *syntax.ValueProperty:
			c.tableValueProperty(s, t, p)
		case *syntax.EntriesProperty:
			c.tableEntries(s, t, p)
		}
	}
	c.entryPriorities(s, t)
	if t.Default == nil {
		// As p4c: no default_action means NoAction, added to the actions
		// as @defaultonly when it is not there.
		if na, ok := c.top.LookupLocal("NoAction").(*Action); ok {
			t.Default = &ActionCall{Action: na}
			t.DefaultImplicit = true
			if t.action(na) == nil {
				t.Actions = append(t.Actions, &TableAction{Action: na, Scope: ScopeDefaultOnly, Implicit: true,
					Annotations: syntax.Annotations{&syntax.Annotation{Name: &syntax.Ident{Name: "defaultonly"}}}})
			}
		}
	}
	c.declare(s, d.Name, t)
	c.info.TableOf[d] = t
	c.prog.Tables = append(c.prog.Tables, t)
}

// action returns the entry of a's in the actions list, or nil.
func (t *Table) action(a *Action) *TableAction {
	for _, ta := range t.Actions {
		if ta.Action == a {
			return ta
		}
	}
	return nil
}

func (c *checker) tableKey(s *Scope, t *Table, e *syntax.KeyElement) {
	op := c.expr(s, e.Expr)
	k := &Key{Expr: e.Expr, Type: op.typ, Annotations: e.Annotations}
	if op.typ != nil {
		switch u := Underlying(op.typ).(type) {
		case *Bits, *Bool:
			k.Width, _ = Width(op.typ)
		case *Enum:
			if u.Kind == KindMatchKind {
				c.errorf(e.Expr.Pos(), "key of type %s", op.typ)
			}
		default:
			c.errorf(e.Expr.Pos(), "table key must be a bit-string-like value, not %s", op.typ)
		}
	}
	if e.MatchKind != nil {
		o := c.top.LookupLocal(e.MatchKind.Name)
		m, ok := o.(*EnumMember)
		if !ok || m.Enum != c.matchKinds {
			c.errorf(e.MatchKind.Pos(), "%q is not a match_kind", e.MatchKind.Name)
		} else {
			c.info.Uses[e.MatchKind] = m
			k.MatchKind = m.Name()
		}
	}
	if a := e.Annotations.Get("name"); a != nil {
		if n, ok := a.StringArg(); ok {
			k.Name = n
		}
	} else if !isNilNode(e.Expr) {
		n, ok := c.keyName(e.Expr)
		if !ok {
			c.errorf(e.Expr.Pos(), "complex key expression %s requires a @name annotation", exprString(e.Expr))
		}
		k.Name = n
	}
	t.Keys = append(t.Keys, k)
}

// keyName forms p4c's default name of a key from its expression.
func (c *checker) keyName(x syntax.Expr) (string, bool) {
	switch x := x.(type) {
	case *syntax.Ident:
		if x.Dot {
			return "." + x.Name, true
		}
		return x.Name, true
	case *syntax.ParenExpr:
		return c.keyName(x.X)
	case *syntax.MemberExpr:
		if x.Sel == nil {
			return "", false
		}
		fname := x.Sel.Name
		if st, ok := c.info.Types[x.X].Type.(*Struct); ok {
			if st.Kind != KindStruct && fname == "isValid" {
				fname = "$valid$"
			} else if f := st.Field(fname); f != nil {
				fname = ControlPlaneName(f.Annotations, fname)
			}
		}
		if strings.HasPrefix(fname, ".") {
			return fname[1:], true
		}
		l, ok := c.keyName(x.X)
		if !ok {
			return "", false
		}
		return l + "." + fname, true
	case *syntax.IndexExpr:
		l, ok1 := c.keyName(x.X)
		r, ok2 := c.keyName(x.Index)
		return l + "[" + r + "]", ok1 && ok2
	case *syntax.SliceExpr:
		l, ok1 := c.keyName(x.X)
		h, ok2 := c.keyName(x.Hi)
		lo, ok3 := c.keyName(x.Lo)
		return l + "[" + h + ":" + lo + "]", ok1 && ok2 && ok3
	case *syntax.IntLit:
		if x.Value == nil {
			return "", false
		}
		// p4c prints the value in the base it was written in, without
		// the width: 8w0xFF is "0xff".
		raw := strings.ToLower(x.Raw)
		if i := strings.IndexAny(raw, "ws"); i >= 0 {
			raw = raw[i+1:]
		}
		for _, b := range []struct {
			prefix string
			base   int
		}{{"0x", 16}, {"0b", 2}, {"0o", 8}} {
			if strings.HasPrefix(raw, b.prefix) {
				return b.prefix + x.Value.Text(b.base), true
			}
		}
		return x.Value.String(), true
	case *syntax.BinaryExpr:
		if x.Op != syntax.AND {
			return "", false
		}
		l, ok1 := c.keyName(x.X)
		r, ok2 := c.keyName(x.Y)
		return l + " & " + r, ok1 && ok2
	case *syntax.CallExpr:
		m, ok := c.keyName(x.Fun)
		if ok && strings.HasSuffix(m, "$valid$") && len(x.Args) == 0 {
			return m, true
		}
	}
	return "", false
}

func (c *checker) tableActionRef(s *Scope, t *Table, r *syntax.ActionRef) {
	a := c.actionName(s, r.Name)
	if a == nil {
		return
	}
	if t.action(a) != nil {
		c.errorf(r.Pos(), "action %q listed twice", a.Name())
		return
	}
	ta := &TableAction{Action: a, Annotations: r.Annotations, Ref: r}
	switch {
	case r.Annotations.Get("tableonly") != nil && r.Annotations.Get("defaultonly") != nil:
		c.errorf(r.Pos(), "action %q cannot be both @tableonly and @defaultonly", a.Name())
	case r.Annotations.Get("tableonly") != nil:
		ta.Scope = ScopeTableOnly
	case r.Annotations.Get("defaultonly") != nil:
		ta.Scope = ScopeDefaultOnly
	}
	// Arguments bind the leading directional parameters.
	if len(r.Args) > len(a.Params) {
		c.errorf(r.Pos(), "too many arguments for action %q", a.Name())
	}
	for i, arg := range r.Args {
		if i >= len(a.Params) {
			c.expr(s, arg)
			continue
		}
		p := a.Params[i]
		if p.Dir == DirNone {
			c.errorf(arg.Pos(), "action data parameter %q is supplied by the control plane, not in the actions list", p.Name)
		}
		op := c.exprWant(s, arg, p.Type)
		if (p.Dir == DirOut || p.Dir == DirInOut) && op.typ != nil && !op.lvalue {
			c.errorf(arg.Pos(), "%s argument %s is not assignable", p.Dir, exprString(arg))
		}
		ta.Args = append(ta.Args, arg)
	}
	for i := len(r.Args); i < len(a.Params); i++ {
		if a.Params[i].Dir != DirNone {
			c.errorf(r.Pos(), "action %q: directional parameter %q must be bound in the actions list", a.Name(), a.Params[i].Name)
			break
		}
	}
	t.Actions = append(t.Actions, ta)
}

// actionName resolves the name of an action in a table property.
func (c *checker) actionName(s *Scope, x syntax.Expr) *Action {
	id, ok := x.(*syntax.Ident)
	if !ok {
		if !isNilNode(x) {
			c.errorf(x.Pos(), "expected an action name")
		}
		return nil
	}
	o := c.lookup(s, id)
	a, ok := o.(*Action)
	if !ok {
		if o == nil {
			c.errorf(id.Pos(), "undeclared action %q", id.Name)
		} else {
			c.errorf(id.Pos(), "%q is not an action", id.Name)
		}
		return nil
	}
	c.info.Uses[id] = a
	c.info.Types[id] = TypeAndValue{Type: a.Type()}
	return a
}

// actionCall checks an action with arguments in default_action or an
// entry: every parameter gets an argument; those bound in the actions list
// must be the same expressions, action data must be constant.
func (c *checker) actionCall(s *Scope, t *Table, r *syntax.ActionRef, what string) *ActionCall {
	a := c.actionName(s, r.Name)
	if a == nil {
		return nil
	}
	ta := t.action(a)
	if ta == nil {
		c.errorf(r.Pos(), "%s %q is not in the actions of table %q", what, a.Name(), t.Name())
		return nil
	}
	ac := &ActionCall{Action: a, Ref: r, Args: make([]syntax.Expr, len(a.Params)), Values: make([]Value, len(a.Params))}
	if !r.Lparen.IsValid() {
		nData := 0
		for _, p := range a.Params {
			if p.Dir == DirNone {
				nData++
			}
		}
		if nData > 0 {
			c.errorf(r.Pos(), "%s %q needs arguments for its %d action data parameters", what, a.Name(), nData)
		}
		copy(ac.Args, ta.Args)
		return ac
	}
	if len(r.Args) != len(a.Params) {
		c.errorf(r.Pos(), "%s %q has %d parameters, got %d arguments", what, a.Name(), len(a.Params), len(r.Args))
		c.argsOnly(s, r.Args)
		return ac
	}
	for i, arg := range r.Args {
		p := a.Params[i]
		op := c.exprWant(s, arg, p.Type)
		ac.Args[i] = arg
		ac.Values[i] = op.val
		if p.Dir == DirNone && op.typ != nil && op.val == nil {
			c.errorf(arg.Pos(), "argument for action data parameter %q must be a compile-time constant", p.Name)
		}
		if p.Dir != DirNone && i < len(ta.Args) && !isNilNode(ta.Args[i]) && op.typ != nil {
			if got, want := syntax.Sprint(arg), syntax.Sprint(ta.Args[i]); got != want {
				c.errorf(arg.Pos(), "%s %q binds parameter %q to %s, but the actions list to %s", what, a.Name(), p.Name, got, want)
			}
		}
	}
	return ac
}

func (c *checker) tableValueProperty(s *Scope, t *Table, p *syntax.ValueProperty) {
	if p.Name == nil {
		return
	}
	switch p.Name.Name {
	case "default_action":
		ref := actionRefOf(p.Value)
		if ref == nil {
			c.errorf(p.Value.Pos(), "default_action must be an action call")
			return
		}
		ac := c.actionCall(s, t, ref, "default action")
		if ac == nil {
			return
		}
		c.info.Types[p.Value] = TypeAndValue{Type: ac.Action.Type()}
		if ta := t.action(ac.Action); ta != nil && ta.Scope == ScopeTableOnly {
			c.errorf(p.Value.Pos(), "action %q is @tableonly and cannot be the default action", ac.Action.Name())
		}
		t.Default = ac
		t.DefaultConst = p.Const.IsValid()
	case "size":
		if id, ok := p.Value.(*syntax.Ident); ok && c.block != nil {
			if v, ok := c.lookup(s, id).(*Var); ok && v.Param != nil && containsParam(c.block.CtorParams, v.Param) {
				// size = a constructor parameter: known per instance.
				c.expr(s, id)
				t.SizeParam = v.Param
				return
			}
		}
		if v, ok := c.constInt(s, p.Value); ok {
			if !v.IsInt64() || v.Sign() < 0 {
				c.errorf(p.Value.Pos(), "invalid table size %s", v)
			} else {
				t.Size = v.Int64()
			}
		}
	case "counters", "meters", "implementation":
		var in *Instance
		if call, ok := p.Value.(*syntax.CallExpr); ok {
			in = c.propertyInstance(s, p, call)
		} else {
			in = c.instanceRef(s, p.Value)
		}
		if in == nil {
			return
		}
		e, _ := in.Type().(*Extern)
		want := map[string][]string{
			"counters":       {"direct_counter"},
			"meters":         {"direct_meter"},
			"implementation": {"action_profile", "action_selector"},
		}[p.Name.Name]
		ok := false
		for _, w := range want {
			if e != nil && e.Root().Name == w {
				ok = true
			}
		}
		if !ok {
			c.errorf(p.Value.Pos(), "%s must be a %s instance, not %s", p.Name.Name, strings.Join(want, " or "), in.Type())
			return
		}
		switch p.Name.Name {
		case "counters":
			t.Counters = in
		case "meters":
			t.Meters = in
		default:
			t.Implementation = in
		}
	case "support_timeout", "idle_timeout_with_auto_delete":
		op := c.exprWant(s, p.Value, TypeBool)
		b, ok := op.val.(*BoolValue)
		if op.typ != nil && !ok {
			c.errorf(p.Value.Pos(), "%s must be a constant bool", p.Name.Name)
		}
		if ok && p.Name.Name == "support_timeout" {
			t.SupportTimeout = b.V
		} else if ok {
			t.IdleTimeoutWithAutoDelete = b.V
		}
	case "key", "actions", "entries":
		c.errorf(p.Pos(), "table property %q must be a list in braces", p.Name.Name)
	default:
		// Target-specific properties are kept for the back end.
		c.expr(s, p.Value)
		t.Other = append(t.Other, p)
	}
}

// actionRefOf turns the value of default_action (a or a(args)) into an
// ActionRef.
func actionRefOf(x syntax.Expr) *syntax.ActionRef {
	switch x := x.(type) {
	case *syntax.Ident:
		return &syntax.ActionRef{Name: x}
	case *syntax.CallExpr:
		if _, ok := x.Fun.(*syntax.Ident); ok && len(x.TypeArgs) == 0 {
			return &syntax.ActionRef{Name: x.Fun, Lparen: x.Lparen, Args: x.Args, Rparen: x.Rparen}
		}
	}
	return nil
}

func (c *checker) instanceRef(s *Scope, x syntax.Expr) *Instance {
	id, ok := x.(*syntax.Ident)
	if !ok {
		if !isNilNode(x) {
			c.errorf(x.Pos(), "expected the name of an instance")
		}
		return nil
	}
	o := c.lookup(s, id)
	in, ok := o.(*Instance)
	if !ok {
		c.errorf(id.Pos(), "%q is not an extern instance", id.Name)
		return nil
	}
	c.info.Uses[id] = in
	c.info.Types[id] = TypeAndValue{Type: in.Type()}
	return in
}

func (c *checker) tableEntries(s *Scope, t *Table, p *syntax.EntriesProperty) {
	t.HasEntries = true
	t.EntriesConst = p.Const.IsValid()
	keys := make([]Type, len(t.Keys))
	for i, k := range t.Keys {
		keys[i] = k.Type
	}
	if len(t.Keys) == 0 {
		c.errorf(p.Pos(), "table %q has entries but no key", t.Name())
	}
	needPriority := false
	for _, k := range t.Keys {
		switch k.MatchKind {
		case "ternary", "range", "optional":
			needPriority = true
		}
	}
	for i, e := range p.Entries {
		if e == nil {
			continue
		}
		en := &Entry{Const: t.EntriesConst || e.Const.IsValid(), Annotations: e.Annotations, Decl: e}
		en.Keys = c.keysets(s, e.Keyset, keys, false)
		for j, k := range en.Keys {
			if k == nil || j >= len(t.Keys) {
				continue
			}
			c.checkEntryKey(t.Keys[j], k)
		}
		if e.Action != nil {
			en.Action = c.actionCall(s, t, e.Action, "entry action")
			if en.Action != nil {
				if ta := t.action(en.Action.Action); ta != nil && ta.Scope == ScopeDefaultOnly {
					c.errorf(e.Action.Pos(), "action %q is @defaultonly and cannot be used in entries", en.Action.Action.Name())
				}
			}
		}
		// priority = P: is P4_16's (1.2.4); before it, p4c's BMv2 back end
		// took an entry's @priority(N) annotation (see entryPriorities).
		var prio syntax.Expr = e.Priority
		if !isNilNode(prio) {
			if v, ok := c.constInt(s, prio); ok {
				en.Priority, en.HasPriority = v.Int64(), true
			}
		} else if a := e.Annotations.Get("priority"); a != nil {
			if v, ok := a.IntArg(); ok && v.IsInt64() && v.Int64() > 0 {
				en.Priority, en.prioAnn = v.Int64(), true
			} else {
				c.errorf(a.Pos(), "@priority needs a positive integer")
			}
		} else if needPriority {
			// p4c numbers entries without explicit priority in order,
			// the first one highest.
			en.Priority = int64(len(p.Entries) - i)
		}
		t.Entries = append(t.Entries, en)
	}
}

// entryPriorities applies largest_priority_wins and priority_delta (P4_16
// 1.2.4, entry priorities): when some entry has an explicit priority,
// each entry without one gets the previous entry's priority minus the
// delta (plus it if largest_priority_wins is false; a first entry without
// one keeps its number in order, or gets the delta if the smallest
// priority wins), and every priority must be positive.
func (c *checker) entryPriorities(s *Scope, t *Table) {
	largest, delta := true, int64(1)
	for _, p := range t.Other {
		switch p.Name.Name {
		case "largest_priority_wins":
			if b, ok := c.info.Types[p.Value].Value.(*BoolValue); ok {
				largest = b.V
			} else {
				c.errorf(p.Value.Pos(), "largest_priority_wins must be a constant bool")
			}
		case "priority_delta":
			if v, ok := c.constInt(s, p.Value); ok && v.IsInt64() && v.Int64() > 0 {
				delta = v.Int64()
			} else {
				c.errorf(p.Value.Pos(), "priority_delta must be a positive constant")
			}
		}
	}
	t.SmallestPriorityWins = !largest
	needPriority := false
	for _, k := range t.Keys {
		switch k.MatchKind {
		case "ternary", "range", "optional":
			needPriority = true
		}
	}
	if !needPriority {
		return
	}
	annotated := false
	for _, en := range t.Entries {
		annotated = annotated || en.prioAnn
	}
	if annotated {
		// p4c's BMv2 back end numbers the entries in order from 1 and
		// gives an entry with @priority(N) the priority N; BMv2 prefers
		// the smallest.
		t.SmallestPriorityWins = true
		for i, en := range t.Entries {
			if !en.prioAnn && !en.HasPriority {
				en.Priority = int64(i + 1)
			}
		}
		return
	}
	explicit := false
	for _, en := range t.Entries {
		explicit = explicit || en.HasPriority
	}
	if !explicit {
		if !largest {
			for i, en := range t.Entries {
				en.Priority = int64(i + 1)
			}
		}
		return
	}
	var prev int64
	for i, en := range t.Entries {
		switch {
		case en.HasPriority:
		case i == 0 && largest:
			// Kept from the numbering above (the first entry highest).
		case i == 0:
			en.Priority = delta
		case largest:
			en.Priority = prev - delta
		default:
			en.Priority = prev + delta
		}
		if en.Priority < 1 && en.Decl != nil {
			c.errorf(en.Decl.Pos(), "entry priority %d is not positive (priority_delta %d)", en.Priority, delta)
		}
		prev = en.Priority
	}
}

// checkEntryKey checks a keyset element against the key's match kind.
func (c *checker) checkEntryKey(k *Key, ks *Keyset) {
	bad := func(what string) {
		c.errorf(ks.Expr.Pos(), "%s is not allowed for a %s key", what, k.MatchKind)
	}
	switch ks.Kind {
	case KeysetMask:
		// p4c's front-end lets a mask through for an exact key, but its
		// BMv2 back end takes only a constant there ("unsupported exact
		// key expression"), even for an all-ones mask: an error here too.
		if k.MatchKind != "ternary" && k.MatchKind != "lpm" {
			bad("a mask")
		}
		if k.MatchKind == "lpm" && ks.Mask != nil && !isPrefixMask(ks.Mask, k.Width) {
			c.errorf(ks.Expr.Pos(), "lpm mask %s is not a prefix", ks.Mask)
		}
	case KeysetRange:
		if k.MatchKind != "range" {
			bad("a range")
		}
	case KeysetDefault:
		if k.MatchKind == "exact" {
			bad("_ or default")
		}
	}
}

func isPrefixMask(m *big.Int, w int) bool {
	if w <= 0 {
		return true
	}
	inv := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(w)), big.NewInt(1))
	inv.Xor(inv, m) // the host bits: must be 2^k - 1
	return new(big.Int).And(inv, new(big.Int).Add(inv, big.NewInt(1))).Sign() == 0
}

func containsParam(ps []*Param, p *Param) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}
