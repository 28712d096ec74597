package types

import (
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// maxNesting bounds nested block instantiations (a control instantiating
// itself would otherwise recurse forever).
const maxNesting = 32

// instantiateMain builds the block instance tree of the package instance
// main, naming every control-plane object as p4c does.
func (c *checker) instantiateMain() {
	c.prog.externs = map[*Instance]*ExternInstance{}
	for _, d := range c.prog.Syntax.Decls {
		if d, ok := d.(*syntax.Instantiation); ok {
			x := c.info.Instances[d]
			if x == nil {
				continue
			}
			if t, ok := x.Type().(*Extern); ok {
				ei := &ExternInstance{Name: qualify("", ControlPlaneName(x.Annotations, x.Name())), Instance: x, Extern: t, Hidden: hidden(x.Annotations)}
				c.prog.Externs = append(c.prog.Externs, ei)
				c.prog.externs[x] = ei
			}
		}
	}
	main := c.prog.Main
	if main == nil {
		// At the end of the program text: the main file's last line
		// (includes come first), where main is usually declared.
		pos := syntax.NoPos
		if f := c.prog.Syntax.File; f != nil {
			pos = f.Pos(f.Size())
		}
		c.errorf(pos, "program has no package instance named main")
		return
	}
	pkg, ok := main.Type().(*Package)
	if !ok {
		return
	}
	c.prog.Package = pkg
	for i, prm := range pkg.Params {
		if i >= len(main.Args) {
			break
		}
		call, ok := main.Args[i].(*syntax.CallExpr)
		if !ok {
			continue
		}
		bt, ok := c.info.Types[call].Type.(*Block)
		if !ok {
			continue
		}
		name := qualify("", ControlPlaneName(bt.Annotations, bt.Name))
		var args []Value
		for _, a := range call.Args {
			args = append(args, c.info.Types[a].Value)
		}
		bi := c.newBlockInstance(name, bt, prm, nil, nil, 0, args)
		c.prog.Blocks = append(c.prog.Blocks, bi)
	}
}

func hidden(anns syntax.Annotations) bool { return anns.Get("hidden") != nil }

func (c *checker) newBlockInstance(name string, bt *Block, prm *Param, in *Instance, parent *BlockInstance, depth int, ctorArgs []Value) *BlockInstance {
	bi := &BlockInstance{
		Name: name, Type: bt, Param: prm, Instance: in, Parent: parent,
		prog:     c.prog,
		tables:   map[*Table]*TableInstance{},
		actions:  map[*Action]*ActionInstance{},
		externs:  map[*Instance]*ExternInstance{},
		children: map[*Instance]*BlockInstance{},
	}
	bi.CtorArgs = ctorArgs
	if in != nil {
		bi.CtorArgs = in.Values
		c.bindCtorBlocks(bi, in)
	}
	if depth > maxNesting {
		pos := syntax.NoPos
		if in != nil {
			pos = in.Pos()
		}
		c.errorf(pos, "instances nested more than %d deep (recursive instantiation of %q?)", maxNesting, bt.Name)
		return bi
	}
	var locals []syntax.Decl
	switch d := bt.Root().Decl.(type) {
	case *syntax.ParserDecl:
		locals = d.Locals
	case *syntax.ControlDecl:
		locals = d.Locals
	}
	for _, l := range locals {
		switch d := l.(type) {
		case *syntax.Instantiation:
			x := c.info.Instances[d]
			if x == nil || x.InPlace {
				continue
			}
			local := ControlPlaneName(x.Annotations, x.Name())
			switch t := x.Type().(type) {
			case *Extern:
				ei := &ExternInstance{Name: qualify(name, local), Instance: x, Extern: t, Block: bi, Hidden: hidden(x.Annotations)}
				bi.Externs = append(bi.Externs, ei)
				bi.externs[x] = ei
				bi.Locals = append(bi.Locals, ei)
			case *Block:
				child := c.newBlockInstance(qualify(name, local), t, nil, x, bi, depth+1, nil)
				bi.Children = append(bi.Children, child)
				bi.children[x] = child
				bi.Locals = append(bi.Locals, child)
			}
		case *syntax.ActionDecl:
			a := c.info.ActionOf[d]
			if a == nil {
				continue
			}
			ai := &ActionInstance{Name: qualify(name, ControlPlaneName(a.Annotations, a.Name())), Action: a, Block: bi, Hidden: hidden(a.Annotations)}
			bi.Actions = append(bi.Actions, ai)
			bi.actions[a] = ai
			bi.Locals = append(bi.Locals, ai)
		case *syntax.TableDecl:
			t := c.info.TableOf[d]
			if t == nil {
				continue
			}
			ti := &TableInstance{Name: qualify(name, ControlPlaneName(t.Annotations, t.Name())), Table: t, Size: t.Size, Block: bi, Hidden: hidden(t.Annotations)}
			if p := t.SizeParam; p != nil && p.Index < len(bi.CtorArgs) {
				if v, ok := IntOf(bi.CtorArgs[p.Index]); ok && v.IsInt64() {
					ti.Size = v.Int64()
				}
			}
			bi.Tables = append(bi.Tables, ti)
			bi.tables[t] = ti
			bi.Locals = append(bi.Locals, ti)
			for _, x := range []*Instance{t.Implementation, t.Counters, t.Meters} {
				if x == nil || x.Property == nil {
					continue
				}
				ei := &ExternInstance{Name: x.Name(), Instance: x, Extern: x.Type().(*Extern), Block: bi, Hidden: hidden(x.Annotations)}
				bi.Externs = append(bi.Externs, ei)
				bi.externs[x] = ei
				bi.Locals = append(bi.Locals, ei)
			}
		case *syntax.ValueSetDecl:
			if d.Name == nil {
				continue
			}
			vs, ok := c.info.Defs[d.Name].(*ValueSet)
			if !ok {
				continue
			}
			vi := &ValueSetInstance{Name: qualify(name, ControlPlaneName(vs.Annotations, vs.Name())), ValueSet: vs, Block: bi}
			bi.ValueSets = append(bi.ValueSets, vi)
			bi.Locals = append(bi.Locals, vi)
		}
	}
	// p4c's front-end declares the instances of direct invocations before
	// the block's own locals, each named (@name) as the type is written in
	// the call, whatever the type's own @name.
	var direct []any
	for _, x := range c.direct[bt.Root()] {
		t := x.Type().(*Block)
		child := c.newBlockInstance(qualify(name, t.Name), t, nil, x, bi, depth+1, nil)
		bi.Children = append(bi.Children, child)
		bi.children[x] = child
		direct = append(direct, child)
	}
	bi.Locals = append(direct, bi.Locals...)
	if in != nil {
		c.inPlaceArgs(bi, in, depth)
	}
	for _, d := range c.digests {
		if d.block != nil && d.block == bt.Root() {
			c.prog.Digests = append(c.prog.Digests, &Digest{Type: d.typ, Receiver: d.recv, Call: d.call, Block: bi})
		}
	}
	return bi
}

// bindCtorBlocks binds the constructor parameters of bi's parser or
// control type that are given an instance of a parser or control (a
// sibling instance, or a constructor parameter of the parent) to that
// block instance.
func (c *checker) bindCtorBlocks(bi *BlockInstance, in *Instance) {
	parent := bi.Parent
	if parent == nil {
		return
	}
	for i, a := range in.Args {
		if i >= len(bi.Type.CtorParams) {
			break
		}
		id, ok := a.(*syntax.Ident)
		if !ok {
			continue
		}
		var target *BlockInstance
		switch o := c.info.Uses[id].(type) {
		case *Instance:
			target = parent.children[o]
		case *Var:
			if o.Param != nil {
				target = parent.ctorBlocks[o.Param]
			}
		}
		if target == nil {
			continue
		}
		if bi.ctorBlocks == nil {
			bi.ctorBlocks = map[*Param]*BlockInstance{}
		}
		bi.ctorBlocks[bi.Type.CtorParams[i]] = target
	}
}

// inPlaceArgs adds to bi the instances constructed in place as its
// constructor arguments (C2(C1()) c2 gives c2 an instance c of C1 when
// C2's parameter is c), declared first, as p4c's specialization of C2
// does, and binds the parameters to them.
func (c *checker) inPlaceArgs(bi *BlockInstance, in *Instance, depth int) {
	var first []any
	for i, a := range in.Args {
		id, ok := a.(*syntax.Ident)
		if !ok || i >= len(bi.Type.CtorParams) {
			continue
		}
		x, ok := c.info.Uses[id].(*Instance)
		if !ok || !x.InPlace {
			continue
		}
		local := ControlPlaneName(x.Annotations, x.Name())
		switch t := x.Type().(type) {
		case *Extern:
			ei := &ExternInstance{Name: qualify(bi.Name, local), Instance: x, Extern: t, Block: bi, Hidden: hidden(x.Annotations)}
			bi.Externs = append(bi.Externs, ei)
			bi.externs[x] = ei
			first = append(first, ei)
		case *Block:
			child := c.newBlockInstance(qualify(bi.Name, local), t, nil, x, bi, depth+1, nil)
			bi.Children = append([]*BlockInstance{child}, bi.Children...)
			bi.children[x] = child
			if bi.ctorBlocks == nil {
				bi.ctorBlocks = map[*Param]*BlockInstance{}
			}
			bi.ctorBlocks[bi.Type.CtorParams[i]] = child
			first = append(first, child)
		}
	}
	bi.Locals = append(first, bi.Locals...)
}

// exprString renders an expression compactly for messages.
func exprString(x syntax.Expr) string {
	var b strings.Builder
	writeExpr(&b, x, 0)
	return b.String()
}

func writeExpr(b *strings.Builder, x syntax.Expr, depth int) {
	if depth > 20 || b.Len() > 200 {
		b.WriteString("…")
		return
	}
	switch x := x.(type) {
	case nil:
	case *syntax.Ident:
		if x == nil {
			return
		}
		if x.Dot {
			b.WriteByte('.')
		}
		b.WriteString(x.Name)
	case *syntax.IntLit:
		b.WriteString(x.Raw)
	case *syntax.BoolLit:
		if x.Value {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case *syntax.StringLit:
		b.WriteString(x.Raw)
	case *syntax.ParenExpr:
		b.WriteByte('(')
		writeExpr(b, x.X, depth+1)
		b.WriteByte(')')
	case *syntax.UnaryExpr:
		b.WriteString(x.Op.String())
		writeExpr(b, x.X, depth+1)
	case *syntax.BinaryExpr:
		writeExpr(b, x.X, depth+1)
		b.WriteString(" " + x.Op.String() + " ")
		writeExpr(b, x.Y, depth+1)
	case *syntax.MemberExpr:
		writeExpr(b, x.X, depth+1)
		if x.Sel != nil {
			b.WriteString("." + x.Sel.Name)
		}
	case *syntax.IndexExpr:
		writeExpr(b, x.X, depth+1)
		b.WriteByte('[')
		writeExpr(b, x.Index, depth+1)
		b.WriteByte(']')
	case *syntax.SliceExpr:
		writeExpr(b, x.X, depth+1)
		b.WriteByte('[')
		writeExpr(b, x.Hi, depth+1)
		b.WriteByte(':')
		writeExpr(b, x.Lo, depth+1)
		b.WriteByte(']')
	case *syntax.CallExpr:
		writeExpr(b, x.Fun, depth+1)
		b.WriteByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, depth+1)
		}
		b.WriteByte(')')
	case *syntax.ListExpr:
		b.WriteByte('{')
		for i, a := range x.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, depth+1)
		}
		b.WriteByte('}')
	case *syntax.KeyValueExpr:
		if x.Key != nil {
			b.WriteString(x.Key.Name + " = ")
		}
		writeExpr(b, x.Value, depth+1)
	case *syntax.DontCare:
		b.WriteByte('_')
	case *syntax.DefaultExpr:
		b.WriteString("default")
	case *syntax.DotsExpr:
		b.WriteString("...")
	case *syntax.CastExpr:
		b.WriteString("(" + syntax.Sprint(x.Type) + ")")
		writeExpr(b, x.X, depth+1)
	case *syntax.CondExpr:
		writeExpr(b, x.Cond, depth+1)
		b.WriteString(" ? ")
		writeExpr(b, x.Then, depth+1)
		b.WriteString(" : ")
		writeExpr(b, x.Else, depth+1)
	case *syntax.TypeExpr:
		b.WriteString("type")
	default:
		b.WriteString("expression")
	}
}
