/* Statement, function and instantiation errors. */
#include <core.p4>
#include <v1model.p4>

struct m_t {
    bit<8> a;
    bool   f;
}

bit<8> twice(in bit<8> x) {
    return x + x;
}

bit<8> nothing(in bit<8> x) {
    x = 1; /* ERROR "cannot assign to x" */
} /* ERROR "missing return at end of function \"nothing\"" */

void proc(inout bit<8> x) {
    return x; /* ERROR "function \"proc\" returns no value" */
}

control Self(inout m_t m) {
    apply { }
}

control C(inout m_t m) {
    Self() self;
    twice(1) bad; /* ERROR "\"twice\" is not a type" */
    apply {
        m.a = twice(m.a);
        m.a = twice(m.f); /* ERROR "cannot use m.f \(type bool\) as bit<8>" */
        proc(m.a);
        proc(1); /* ERROR "not assignable" */
        self.apply(m);
        self.apply(); /* ERROR "missing argument for parameter \"m\"" */
        switch (m.a) {
            1: { }
            1: { } /* ERROR "duplicate switch label 1" */
            m.a: { } /* ERROR "switch label must be a compile-time constant" */
            default: { }
        }
        switch (m.f) { /* ERROR "cannot switch on bool" */
            default: { }
        }
        bit<8> local = m.a;
        local = local + 1;
        m.a = undefined_function(1); /* ERROR "undeclared name \"undefined_function\"" */
        break; /* ERROR "break or continue outside a for loop" */
        for (bit<8> i = 0; i < 4; i = i + 1) {
            if (i == 2) { continue; }
            local = local + i;
        }
        for (bool b in 1 .. 2) { } /* ERROR "cannot use" */
        for (bit<8> v in { 8w1, 8w2 }) { local = local + v; }
        for (bit<8> i = 0; m.a; i = i + 1) { } /* ERROR "cannot use m.a" */
    }
}
