package stf

import (
	"fmt"
	"regexp"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// findByName resolves a name the way bmv2stf does, on P4Info names: the
// fully qualified name or the P4Info alias first, then a unique suffix on
// '.' boundaries ("t" for "ingress.t"), then a unique plain string suffix.
func findByName[T p4info.Entity](kind, name string, set *p4info.Set[T]) (T, error) {
	if v, ok := set.Name(name); ok {
		return v, nil
	}
	return bySuffix(kind, name, set.All())
}

func bySuffix[T p4info.Entity](kind, name string, all []T) (T, error) {
	var zero T
	for _, dotted := range []bool{true, false} {
		var found []T
		for _, x := range all {
			full := x.GetPreamble().GetName()
			if full == name || dotted && strings.HasSuffix(full, "."+name) || !dotted && strings.HasSuffix(full, name) {
				found = append(found, x)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			var names []string
			for _, x := range found {
				names = append(names, x.GetPreamble().GetName())
			}
			return zero, fmt.Errorf("%s name %q is ambiguous between %s", kind, name, strings.Join(names, " and "))
		}
	}
	return zero, fmt.Errorf("no %s %q", kind, name)
}

// tableAction resolves an action of table t by name.
func tableAction(x *p4info.Index, t *p4configv1.Table, name string) (*p4configv1.Action, error) {
	var acts []*p4configv1.Action
	for _, r := range t.GetActionRefs() {
		if a, ok := x.Actions.ID(r.GetId()); ok {
			if a.GetPreamble().GetName() == name || a.GetPreamble().GetAlias() == name {
				return a, nil
			}
			acts = append(acts, a)
		}
	}
	a, err := bySuffix("action", name, acts)
	if err != nil {
		return nil, fmt.Errorf("table %q: %w", t.GetPreamble().GetName(), err)
	}
	return a, nil
}

var stackIndex = regexp.MustCompile(`\$([0-9]+)`)

// keyField resolves a key field name as bmv2stf does: "$N" stands for
// "[N]"; the P4Info name, or it with "$" or ".$valid$" appended, or a
// unique '.'-suffix of it; "x.valid" and "x.isValid()" stand for
// "x.$valid$", and "valid" for the only validity key.
func keyField(t *p4configv1.Table, name string) (int, error) {
	name = stackIndex.ReplaceAllString(name, "[$1]")
	name = strings.TrimSuffix(name, ".isValid()")
	if base, ok := strings.CutSuffix(name, ".valid"); ok {
		name = base + ".$valid$"
	}
	fields := t.GetMatchFields()
	for _, cand := range []string{name, name + "$", name + ".$valid$"} {
		for i, f := range fields {
			if f.GetName() == cand {
				return i, nil
			}
		}
	}
	found := -1
	for i, f := range fields {
		n := f.GetName()
		if strings.HasSuffix(n, "."+name) || strings.HasSuffix(n, "."+name+"$") ||
			strings.HasSuffix(n, "."+name+".$valid$") ||
			name == "valid" && strings.HasSuffix(n, "$valid$") {
			if found >= 0 {
				return 0, fmt.Errorf("key field %q of table %q is ambiguous between %q and %q", name, t.GetPreamble().GetName(), fields[found].GetName(), n)
			}
			found = i
		}
	}
	if found < 0 {
		var names []string
		for _, f := range fields {
			names = append(names, f.GetName())
		}
		return 0, fmt.Errorf("table %q has no key field %q (its keys: %s)", t.GetPreamble().GetName(), name, strings.Join(names, ", "))
	}
	return found, nil
}

func kindOf(f *p4configv1.MatchField) string {
	switch f.GetMatchType() {
	case p4configv1.MatchField_EXACT:
		return kindExact
	case p4configv1.MatchField_LPM:
		return kindLPM
	case p4configv1.MatchField_TERNARY:
		return kindTernary
	case p4configv1.MatchField_RANGE:
		return kindRange
	case p4configv1.MatchField_OPTIONAL:
		return kindOptional
	}
	return f.GetOtherMatchType()
}

// needsPriority reports whether entries of t have priorities.
func needsPriority(t *p4configv1.Table) bool {
	for _, f := range t.GetMatchFields() {
		switch kindOf(f) {
		case kindTernary, kindRange, kindOptional:
			return true
		}
	}
	return false
}
