/* Declaration rules: parameter names, default values, extern members. */
#include <core.p4>

// A parameter cannot reuse the name of a type parameter of the same
// declaration (they share one scope); another declaration's may.
control Tp<T>(inout bit<8> T); /* ERROR "parameter \"T\" has the name of a type parameter" */
control Tc<T>(inout T x)(bit<8> T) { apply {} } /* ERROR "parameter \"T\" has the name of a type parameter" */
control Tok<T>(inout T x);
void fok<U>(in U T) {}

// Only in and directionless parameters may have a default value, not
// @optional ones, and it must be a constant of the parameter's type.
extern void d1(out bit<8> x = 0); /* ERROR "out parameter \"x\" cannot have a default value" */
extern void d2(inout bit<8> x = 1); /* ERROR "inout parameter \"x\" cannot have a default value" */
extern void d3(@optional in bit<8> x = 1); /* ERROR "@optional parameter \"x\" cannot have a default value" */
extern void d4(in bool b = 1); /* ERROR "cannot use 1" */
extern void d5(in bit<8> x = 3, in bool b = true);
extern D6 {
    D6(bit<4> n = 16); /* ERROR "does not fit in bit<4>" */
    void m<T>(in T x = 1);
}

// A method named like its extern is a constructor, which has no return
// type; methods overload by their number of parameters only.
extern E {
    E();
    void E(); /* ERROR "constructor \"E\" cannot have a return type" */
    void put<D>(in D d);
    void put<D>(in bool c, in D d);
    void put(in bit<8> b); /* ERROR "method \"put\" redeclared with 1 parameters" */
    bit<8> get();
    bit<8> get(in bit<8> i);
}

// The fields of a struct or header have values: a generic one takes
// neither void nor _ as a type argument.
struct G<T> {
    T f;
}
header GH<T> {
    T f;
}
const G<_> g2 = { f = 8w1 }; /* ERROR "_ cannot be a type argument of G" */
control Gc() {
    G<void> v; /* ERROR "void cannot be a type argument of G" */
    GH<_> h; /* ERROR "_ cannot be a type argument of GH" */
    GH<bit<4>> ok;
    G<bit<8>> g1 = { f = 1 };
    apply {}
}

// A header has at most one varbit field.
header V1 {
    bit<8> len;
    varbit<32> opts;
}
header V2 {
    varbit<16> a;
    bit<8> b;
    varbit<16> c; /* ERROR "header V2 has a second varbit field \"c\" \(the first is \"a\"\)" */
}

// Functions are declared at the top level only.
control Fc(inout bit<8> x) {
    bit<8> inc(in bit<8> v) { return v + 1; } /* ERROR "functions can only be declared at the top level, not in control \"Fc\"" */
    apply {
        x = inc(x);
    }
}

// Struct fields are values: no externs, parsers, controls, packages or void.
control Ct();
struct Objs {
    bit<8> ok;
    E e; /* ERROR "struct field \"e\" cannot have type E" */
    Ct c; /* ERROR "struct field \"c\" cannot have type Ct" */
    void v; /* ERROR "struct field \"v\" cannot have type void" */
}
