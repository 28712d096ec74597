package syntax

import "reflect"

var nodeType = reflect.TypeFor[Node]()

// Inspect traverses the tree rooted at node in depth-first order, like
// go/ast.Inspect: it calls f(n) for each node n; if f returns true, it
// then visits n's children (in field order) and calls f(nil) after them.
// Children are all fields and slice elements whose type implements Node,
// including Params, Fields, Annotations, table properties, states and
// select cases.
func Inspect(node Node, f func(Node) bool) {
	if isNil(node) {
		return
	}
	if !f(node) {
		return
	}
	inspectChildren(reflect.ValueOf(node), f, 0)
	f(nil)
}

func inspectChildren(v reflect.Value, f func(Node) bool, depth int) {
	if depth > 10000 {
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		inspectValue(v.Field(i), f, depth+1)
	}
}

func inspectValue(fv reflect.Value, f func(Node) bool, depth int) {
	switch fv.Kind() {
	case reflect.Slice:
		for j := 0; j < fv.Len(); j++ {
			inspectValue(fv.Index(j), f, depth)
		}
	case reflect.Pointer, reflect.Interface:
		if fv.IsNil() {
			return
		}
		if n, ok := fv.Interface().(Node); ok && fv.Type().Implements(nodeType) {
			if f(n) {
				inspectChildren(fv, f, depth)
				f(nil)
			}
		}
	}
}
