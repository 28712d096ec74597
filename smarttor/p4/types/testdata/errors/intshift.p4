/* int values are known at compile time: shifting one by a run-time amount
   has no value; giving it a width first makes it a bit<W> shift. */
#include <core.p4>

const int big = 1 << 40;

control C(inout bit<8> x, in bit<3> n) {
    apply {
        x = 8w1 << n;
        x = (bit<8>)1 << n;
        x = (bit<8>)(1 << 3);
        x = 1 << n; /* ERROR "shifting an int value needs a constant shift amount, not n" */
        x = (bit<8>)(2 >> n); /* ERROR "shifting an int value needs a constant shift amount" */
    }
}
