/* Default values (P4_16 1.2.3): ... initializes a location with the
   default value of its type, and {e1, ...} or {f = e, ...} gives the
   leading elements or named fields, the rest taking default values. They
   only initialize: they cannot be compared, and ... needs a type. A list
   type list<T> takes list expressions of any length, even {}. */
#include <core.p4>

header H { bit<8> a; bit<8> b; }
struct S { bit<8> x; bool y; H h; }

struct P { bit<8> x; bool y; }
const P k1 = { 1, ... };
const P k2 = { y = true, ... };
const bit<8> k3 = ...;
const H k4 = { 1, ... };
const H k5 = ...; /* ERROR "initializer of \"k5\" is not a compile-time constant" */
const S k6 = { 1, ... }; /* ERROR "initializer of \"k6\" is not a compile-time constant" */

control C(inout S r) {
    apply {
        S s1 = ...;
        S s2 = { 1, ... };
        S s3 = { y = true, ... };
        S s4 = { 1, true, { 2, ... } };
        H h1 = ...;
        H h2 = { ... };
        tuple<bit<8>, bool> t = { 3, ... };
        list<bit<8>> l0 = (list<bit<8>>) { };
        list<bit<8>> l1 = {};
        list<bit<8>> l2 = (list<bit<8>>) { 1, 2, 3 };
        list<bit<8>> l3 = { true }; /* ERROR "cannot use true \(type bool\) as bit<8>" */
        S s5 = { 1, true, h1, 4, ... }; /* ERROR "S has 3 fields, list has 4 elements" */
        bit<8> b = { ... }; /* ERROR "cannot use a list expression as bit<8>" */
        bit<8> c = ...;
        if (s1 == { 1, ... }) { /* ERROR "default values \(...\) cannot be compared" */
            r.x = s2.x;
        }
        if (s3 != ...) { /* ERROR "a default value \(...\) needs the type it initializes" */
            r.y = s4.y;
        }
        r.h = h2;
        r.x = c;
    }
}

control Ct(inout S r);
package Top(Ct c);
Top(C()) main;
