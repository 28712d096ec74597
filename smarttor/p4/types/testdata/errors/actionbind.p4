/* A default action or entry binds the directional parameters of its action
   to the same expressions as the table's actions list. */
#include <core.p4>

control C(inout bit<8> x, inout bit<8> y) {
    action a(inout bit<8> b, bit<8> d) { b = d; }
    table t1 {
        key = { x : exact; }
        actions = { a(x); }
        default_action = a(x, 1);
    }
    table t2 {
        key = { x : exact; }
        actions = { a(x); }
        default_action = a(y, 1); /* ERROR "default action \"a\" binds parameter \"b\" to y, but the actions list to x" */
    }
    table t3 {
        key = { x : exact; }
        actions = { a(x); }
        const entries = {
            1 : a(x, 2);
            2 : a(y, 2); /* ERROR "binds parameter \"b\" to y, but the actions list to x" */
        }
    }
    apply {
        t1.apply();
        t2.apply();
        t3.apply();
    }
}
