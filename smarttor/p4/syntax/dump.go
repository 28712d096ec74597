package syntax

import (
	"fmt"
	"io"
	"math/big"
	"reflect"
	"strings"
)

// Fdump writes a tree dump of node to w: one line per field, nested by
// indentation, positions printed as file:line:col through fset (or as raw
// offsets if fset is nil). Unlike Fprint it shows the node types and
// positions, which makes it the reference for code that walks the tree.
func Fdump(w io.Writer, fset *FileSet, node any) error {
	d := &dumper{fset: fset}
	d.value(reflect.ValueOf(node), 0)
	_, err := io.WriteString(w, d.b.String())
	return err
}

type dumper struct {
	fset *FileSet
	b    strings.Builder
}

var (
	posType    = reflect.TypeFor[Pos]()
	tokenType  = reflect.TypeFor[Token]()
	bigIntType = reflect.TypeFor[*big.Int]()
	fileType   = reflect.TypeFor[*File]()
)

func (d *dumper) line(depth int, format string, args ...any) {
	d.b.WriteString(strings.Repeat(".  ", depth))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

// value dumps v; the caller has written the field name, if any, without
// a newline.
func (d *dumper) value(v reflect.Value, depth int) {
	if depth > 200 {
		d.b.WriteString("...\n")
		return
	}
	switch {
	case !v.IsValid():
		d.b.WriteString("nil\n")
		return
	case v.Type() == posType:
		p := Pos(v.Int())
		if d.fset != nil && p.IsValid() {
			d.b.WriteString(d.fset.Position(p).String() + "\n")
		} else {
			fmt.Fprintf(&d.b, "%d\n", p)
		}
		return
	case v.Type() == tokenType:
		fmt.Fprintf(&d.b, "%s\n", Token(v.Int()))
		return
	case v.Type() == bigIntType:
		if v.IsNil() {
			d.b.WriteString("nil\n")
		} else {
			d.b.WriteString(v.Interface().(*big.Int).String() + "\n")
		}
		return
	case v.Type() == fileType:
		if v.IsNil() {
			d.b.WriteString("nil\n")
		} else {
			fmt.Fprintf(&d.b, "File(%q)\n", v.Interface().(*File).Name())
		}
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			d.b.WriteString("nil\n")
			return
		}
		if v.Kind() == reflect.Pointer {
			d.b.WriteString("*")
		}
		d.value(v.Elem(), depth)
	case reflect.Struct:
		t := v.Type()
		d.b.WriteString(t.Name() + " {\n")
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			if isZeroNode(fv) {
				continue
			}
			d.b.WriteString(strings.Repeat(".  ", depth+1) + f.Name + ": ")
			d.value(fv, depth+1)
		}
		d.line(depth, "}")
	case reflect.Slice:
		if v.Len() == 0 {
			d.b.WriteString("[]\n")
			return
		}
		fmt.Fprintf(&d.b, "[%d] {\n", v.Len())
		for i := 0; i < v.Len(); i++ {
			d.b.WriteString(strings.Repeat(".  ", depth+1) + fmt.Sprintf("%d: ", i))
			d.value(v.Index(i), depth+1)
		}
		d.line(depth, "}")
	case reflect.String:
		fmt.Fprintf(&d.b, "%q\n", v.String())
	default:
		fmt.Fprintf(&d.b, "%v\n", v.Interface())
	}
}

// isZeroNode reports whether a field is worth omitting: nil, empty, false
// or zero.
func isZeroNode(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice:
		return v.Len() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return v.IsZero()
}
