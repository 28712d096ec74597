/* Type errors. */
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<16> b;
    int<8>  s;
}

struct s_t {
    h_t h;
    bool flag;
}

struct pair_t {
    bit<8> x;
    bit<8> y;
}

const bit<4> TOO_BIG = 20; /* ERROR "constant 20 does not fit in bit<4>" */
const bit<8> LIT = 8w256; /* ERROR "does not fit in bit<8>" */

extern void take_pair(in pair_t p);

control C(inout s_t s, in bit<8> ro) {
    action a(bit<8> v) {
        s.h.a = s.h.b; /* ERROR "cannot use s.h.b \(type bit<16>\) as bit<8>" */
        s.h.a = s.h.a + s.h.b; /* ERROR "different types bit<8> and bit<16>" */
        s.flag = s.h.a; /* ERROR "cannot use s.h.a \(type bit<8>\) as bool" */
        s.h.b = s.h.a ++ s.h.a;
        s.h.a = s.h.b[7:0];
        s.h.a = s.h.b[16:9]; /* ERROR "invalid slice" */
        s.h.a = (bit<8>)s.h.b;
        s.flag = (bool)s.h.b; /* ERROR "cannot cast bit<16> to bool" */
        s.h.s = (int<8>)s.h.a;
        ro = 1; /* ERROR "cannot assign to ro" */
        v = 2; /* ERROR "cannot assign to v" */
        if (s.h.a) { /* ERROR "cannot use s.h.a \(type bit<8>\) as bool" */
        }
        s.flag = !s.h.a; /* ERROR "operator ! needs a bool operand" */
        s.h.a = s.h.a << s.h.s; /* ERROR "shift amount must be unsigned" */
        take_pair({1, 2});
        take_pair({1, 2, 3}); /* ERROR "pair_t has 2 fields, list has 3 elements" */
        take_pair({x = 1, y = 2});
        take_pair({x = 1}); /* ERROR "field \"y\" of pair_t is not initialized" */
        s.h.a = s.h.a |+| 250;
        s.h.s = s.h.s / 2; /* ERROR "not defined on signed int<8>" */
        s.h.setValid();
        s.h.a.setValid(); /* ERROR "has no method \"setValid\"" */
    }
    table t {
        key = { s.h.a : exact; s.h.a + 1 : exact; } /* ERROR "requires a @name annotation" */
        actions = { a; }
        default_action = a(); /* ERROR "has 1 parameters, got 0 arguments" */
    }
    table u {
        key = { s.h.a : exact; }
        actions = { a; }
        const entries = {
            1 : a(3);
            2 &&& 3 : a(4); /* ERROR "a mask is not allowed for a exact key" */
            4 &&& 0xff : a(5); /* ERROR "a mask is not allowed for a exact key" */
            3 : a(s.h.a); /* ERROR "must be a compile-time constant" */
        }
    }
    apply {
        t.apply();
        a(1);
        a(1, 2); /* ERROR "too many arguments" */
    }
}
