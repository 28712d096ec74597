/* P4 has no recursion: a function or action cannot call itself (names are
   declared before use, so no other cycle can be written). */
#include <core.p4>

bit<8> fact(in bit<8> n) {
    if (n == 0) {
        return 1;
    }
    return n * fact(n - 1); /* ERROR "recursive call of function \"fact\"" */
}

bit<8> twice(in bit<8> x) { return x + x; }
bit<8> twice(in bit<8> x, in bit<8> y) { return twice(x) + twice(y); }

control C(inout bit<8> x) {
    action inc() { x = x + 1; }
    action again() {
        inc();
        again(); /* ERROR "recursive call of action \"again\"" */
    }
    apply {
        again();
        x = fact(x) + twice(x, x);
    }
}
