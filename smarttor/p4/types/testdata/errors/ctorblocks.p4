/* Parsers and controls as constructor arguments, direct invocation. */
#include <core.p4>

control CT(inout bit<8> x);
control Good(inout bit<8> x) { apply { x = x + 1; } }
control Bad(inout bit<16> x) { apply { x = x + 1; } }
control Uses(inout bit<8> x)(CT c) {
    apply {
        c.apply(x);
        c.apply(); /* ERROR "missing argument" */
    }
}
control WithCtor(inout bit<8> x)(bit<8> k) { apply { x = k; } }
control Top(inout bit<8> x, inout bit<16> y) {
    Good() g;
    Bad() b;
    Uses(g) u1;
    Uses(b) u2; /* ERROR "cannot use b .type Bad. as CT" */
    apply {
        u1.apply(x);
        Good.apply(x);
        WithCtor.apply(x); /* ERROR "has no method" */
        CT.apply(x); /* ERROR "has no method" */
    }
}
