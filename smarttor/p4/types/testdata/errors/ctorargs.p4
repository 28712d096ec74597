/* Constructor arguments are known when the instance is created: constants,
   the enclosing block's constructor parameters, or expressions of them. */
#include <core.p4>

extern Reg {
    Reg(bit<32> size);
    bit<8> read(in bit<32> i);
}

control Inner(inout bit<8> x)(bit<8> k) {
    apply { x = x + k; }
}

const bit<8> K = 3;

control Outer(inout bit<8> x, in bit<8> v)(bit<8> n, bit<32> size) {
    Reg(size) r1;
    Reg(size + 1) r2;
    Reg((bit<32>)v) r3; /* ERROR "constructor of Reg: argument .*v for \"size\" is not known at compile time" */
    Inner(K) i1;
    Inner(n) i2;
    Inner(n + K) i3;
    Inner(v) i4; /* ERROR "constructor of Inner: argument v for \"k\" is not known at compile time" */
    apply {
        i1.apply(x);
        i2.apply(x);
        i3.apply(x);
        i4.apply(x);
        x = r1.read(0) + r2.read(0) + r3.read(0);
    }
}
