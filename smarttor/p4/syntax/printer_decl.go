package syntax

func (pr *printer) decl(d Decl) {
	switch d := d.(type) {
	case nil:
	case *BadDecl:
		pr.w("/* bad declaration */")
	case *ConstDecl:
		pr.annotations(d.Annotations, false)
		pr.w("const ")
		pr.typ(d.Type)
		pr.w(" ")
		pr.ident(d.Name)
		pr.w(" = ")
		pr.expr(d.Value)
		pr.w(";")
	case *VarDecl:
		pr.annotations(d.Annotations, false)
		pr.typ(d.Type)
		pr.w(" ")
		pr.ident(d.Name)
		if !isNil(d.Value) {
			pr.w(" = ")
			pr.expr(d.Value)
		}
		pr.w(";")
	case *TypedefDecl:
		pr.annotations(d.Annotations, false)
		pr.w(d.Keyword.String(), " ")
		if !isNil(d.Inline) {
			pr.decl(d.Inline)
		} else {
			pr.typ(d.Type)
		}
		pr.w(" ")
		pr.ident(d.Name)
		pr.w(";")
	case *StructDecl:
		pr.annotations(d.Annotations, true)
		pr.w(d.Kind.String(), " ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.w(" {")
		pr.indent++
		for _, f := range d.Fields {
			pr.nl()
			pr.annotations(f.Annotations, false)
			pr.typ(f.Type)
			pr.w(" ")
			pr.ident(f.Name)
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *EnumDecl:
		pr.annotations(d.Annotations, true)
		pr.w("enum ")
		if !isNil(d.Type) {
			pr.typ(d.Type)
			pr.w(" ")
		}
		pr.ident(d.Name)
		pr.w(" {")
		pr.indent++
		for i, m := range d.Members {
			pr.nl()
			pr.annotations(m.Annotations, false)
			pr.ident(m.Name)
			if !isNil(m.Value) {
				pr.w(" = ")
				pr.expr(m.Value)
			}
			if i < len(d.Members)-1 {
				pr.w(",")
			}
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *ErrorDecl:
		pr.annotations(d.Annotations, true)
		pr.w("error")
		pr.identBlock(d.Members)
	case *MatchKindDecl:
		pr.annotations(d.Annotations, true)
		pr.w("match_kind")
		pr.identBlock(d.Members)
	case *ExternDecl:
		pr.annotations(d.Annotations, true)
		pr.w("extern ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		if !d.Lbrace.IsValid() {
			pr.w(";")
			return
		}
		pr.w(" {")
		pr.indent++
		for _, m := range d.Methods {
			pr.nl()
			pr.annotations(m.Annotations, false)
			if m.Abstract.IsValid() {
				pr.w("abstract ")
			}
			if !isNil(m.Result) {
				pr.typ(m.Result)
				pr.w(" ")
			}
			pr.ident(m.Name)
			pr.typeParams(m.TypeParams)
			pr.params(m.Params)
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *FunctionDecl:
		pr.annotations(d.Annotations, true)
		if d.Extern.IsValid() {
			pr.w("extern ")
		}
		pr.typ(d.Result)
		pr.w(" ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		if d.Body != nil {
			pr.w(" ")
			pr.stmt(d.Body)
		} else {
			pr.w(";")
		}
	case *ActionDecl:
		pr.annotations(d.Annotations, true)
		pr.w("action ")
		pr.ident(d.Name)
		pr.params(d.Params)
		pr.w(" ")
		if d.Body != nil {
			pr.stmt(d.Body)
		} else {
			pr.w("{}")
		}
	case *ParserTypeDecl:
		pr.annotations(d.Annotations, true)
		pr.w("parser ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		pr.w(";")
	case *ControlTypeDecl:
		pr.annotations(d.Annotations, true)
		pr.w("control ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		pr.w(";")
	case *PackageDecl:
		pr.annotations(d.Annotations, true)
		pr.w("package ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		pr.w(";")
	case *ParserDecl:
		pr.annotations(d.Annotations, true)
		pr.w("parser ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		if d.CtorParams != nil {
			pr.params(d.CtorParams)
		}
		pr.w(" {")
		pr.indent++
		for _, l := range d.Locals {
			pr.nl()
			pr.decl(l)
		}
		for _, s := range d.States {
			pr.nl()
			pr.state(s)
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *ControlDecl:
		pr.annotations(d.Annotations, true)
		pr.w("control ")
		pr.ident(d.Name)
		pr.typeParams(d.TypeParams)
		pr.params(d.Params)
		if d.CtorParams != nil {
			pr.params(d.CtorParams)
		}
		pr.w(" {")
		pr.indent++
		for _, l := range d.Locals {
			pr.nl()
			pr.decl(l)
		}
		pr.nl()
		pr.w("apply ")
		if d.Apply != nil {
			pr.stmt(d.Apply)
		} else {
			pr.w("{}")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *Instantiation:
		pr.annotations(d.Annotations, false)
		pr.typ(d.Type)
		pr.w("(")
		pr.exprList(d.Args)
		pr.w(") ")
		pr.ident(d.Name)
		if d.Body != nil {
			pr.w(" = {")
			pr.indent++
			for _, b := range d.Body {
				pr.nl()
				pr.decl(b)
			}
			pr.indent--
			pr.nl()
			pr.w("}")
		}
		pr.w(";")
	case *ValueSetDecl:
		pr.annotations(d.Annotations, false)
		pr.w("value_set<")
		pr.typ(d.ElemType)
		pr.w(">(")
		pr.expr(d.Size)
		pr.w(") ")
		pr.ident(d.Name)
		pr.w(";")
	case *TableDecl:
		pr.annotations(d.Annotations, true)
		pr.w("table ")
		pr.ident(d.Name)
		pr.w(" {")
		pr.indent++
		for _, prop := range d.Properties {
			pr.nl()
			pr.property(prop)
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	default:
		pr.w("/* unknown declaration */")
	}
}

func (pr *printer) identBlock(ids []*Ident) {
	pr.w(" {")
	pr.indent++
	for i, id := range ids {
		pr.nl()
		pr.ident(id)
		if i < len(ids)-1 {
			pr.w(",")
		}
	}
	pr.indent--
	pr.nl()
	pr.w("}")
}

func (pr *printer) state(s *ParserState) {
	pr.annotations(s.Annotations, true)
	pr.w("state ")
	pr.ident(s.Name)
	pr.w(" {")
	pr.indent++
	for _, st := range s.Stmts {
		pr.nl()
		pr.stmt(st)
	}
	if t := s.Transition; t != nil {
		pr.nl()
		pr.w("transition ")
		pr.expr(t.Target)
		if _, ok := t.Target.(*SelectExpr); !ok {
			pr.w(";")
		}
	}
	pr.indent--
	pr.nl()
	pr.w("}")
}

func (pr *printer) actionRef(a *ActionRef) {
	pr.annotations(a.Annotations, false)
	pr.expr(a.Name)
	if a.Lparen.IsValid() {
		pr.w("(")
		pr.exprList(a.Args)
		pr.w(")")
	}
}

func (pr *printer) property(prop TableProperty) {
	switch p := prop.(type) {
	case *KeyProperty:
		pr.annotations(p.Annotations, false)
		pr.w("key = {")
		pr.indent++
		for _, e := range p.Elems {
			pr.nl()
			pr.expr(e.Expr)
			pr.w(": ")
			pr.ident(e.MatchKind)
			for _, a := range e.Annotations {
				pr.w(" ")
				pr.annotation(a)
			}
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *ActionsProperty:
		pr.annotations(p.Annotations, false)
		pr.w("actions = {")
		pr.indent++
		for _, a := range p.Actions {
			pr.nl()
			pr.actionRef(a)
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *EntriesProperty:
		pr.annotations(p.Annotations, false)
		if p.Const.IsValid() {
			pr.w("const ")
		}
		pr.w("entries = {")
		pr.indent++
		for _, e := range p.Entries {
			pr.nl()
			pr.annotations(e.Annotations, false)
			if e.Const.IsValid() {
				pr.w("const ")
			}
			if !isNil(e.Priority) {
				pr.w("priority = ")
				pr.expr(e.Priority)
				pr.w(": ")
			}
			pr.expr(e.Keyset)
			pr.w(": ")
			if e.Action != nil {
				pr.actionRef(e.Action)
			}
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *ValueProperty:
		pr.annotations(p.Annotations, false)
		if p.Const.IsValid() {
			pr.w("const ")
		}
		pr.ident(p.Name)
		pr.w(" = ")
		pr.expr(p.Value)
		pr.w(";")
	}
}

// simpleStmt prints an assignment, call or variable declaration without
// its ';', as in a for header.
func (pr *printer) simpleStmt(s Stmt) {
	switch s := s.(type) {
	case *AssignStmt:
		pr.expr(s.LHS)
		op := s.Op
		if !op.IsAssign() {
			op = ASSIGN
		}
		pr.w(" ", op.String(), " ")
		pr.expr(s.RHS)
	case *CallStmt:
		if s.Call != nil {
			pr.expr(s.Call)
		}
	case *DeclStmt:
		if d, ok := s.Decl.(*VarDecl); ok {
			pr.typ(d.Type)
			pr.w(" ")
			pr.ident(d.Name)
			if !isNil(d.Value) {
				pr.w(" = ")
				pr.expr(d.Value)
			}
			return
		}
		pr.decl(s.Decl)
	default:
		pr.stmt(s)
	}
}

func (pr *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case nil:
	case *BadStmt:
		pr.w("/* bad statement */")
	case *AssignStmt:
		pr.simpleStmt(s)
		pr.w(";")
	case *ForStmt:
		pr.w("for (")
		for i, st := range s.Init {
			if i > 0 {
				pr.w(", ")
			}
			pr.simpleStmt(st)
		}
		pr.w("; ")
		if !isNil(s.Cond) {
			pr.expr(s.Cond)
		}
		pr.w("; ")
		for i, st := range s.Post {
			if i > 0 {
				pr.w(", ")
			}
			pr.simpleStmt(st)
		}
		pr.w(") ")
		pr.stmt(s.Body)
	case *ForInStmt:
		pr.w("for (")
		pr.typ(s.Type)
		pr.w(" ")
		pr.ident(s.Name)
		pr.w(" in ")
		pr.expr(s.Range)
		pr.w(") ")
		pr.stmt(s.Body)
	case *BreakStmt:
		pr.w("break;")
	case *ContinueStmt:
		pr.w("continue;")
	case *CallStmt:
		if s.Call != nil {
			pr.expr(s.Call)
		}
		pr.w(";")
	case *BlockStmt:
		pr.annotations(s.Annotations, false)
		if len(s.Stmts) == 0 {
			pr.w("{}")
			return
		}
		pr.w("{")
		pr.indent++
		for _, st := range s.Stmts {
			pr.nl()
			pr.stmt(st)
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *IfStmt:
		pr.w("if (")
		pr.expr(s.Cond)
		pr.w(") ")
		pr.stmt(s.Then)
		if !isNil(s.Else) {
			pr.w(" else ")
			pr.stmt(s.Else)
		}
	case *SwitchStmt:
		pr.w("switch (")
		pr.expr(s.Tag)
		pr.w(") {")
		pr.indent++
		for _, c := range s.Cases {
			pr.nl()
			pr.expr(c.Label)
			pr.w(":")
			if c.Body != nil {
				pr.w(" ")
				pr.stmt(c.Body)
			}
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	case *ExitStmt:
		pr.w("exit;")
	case *ReturnStmt:
		pr.w("return")
		if !isNil(s.Result) {
			pr.w(" ")
			pr.expr(s.Result)
		}
		pr.w(";")
	case *EmptyStmt:
		pr.w(";")
	case *DeclStmt:
		pr.decl(s.Decl)
	}
}
