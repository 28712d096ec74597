/* Name resolution errors. */
#include <core.p4>
#include <v1model.p4>

const bit<8> A = 1;
const bit<8> A = 2; /* ERROR "redeclared" */
const bit<8> B = C; /* ERROR "undeclared name \"C\"" */
typedef missing_t other_t; /* ERROR "undeclared type \"missing_t\"" */

header h_t {
    bit<8> f;
    bit<8> f; /* ERROR "field \"f\" redeclared" */
}

struct s_t {
    h_t h;
}

enum color_t { red, green, red } /* ERROR "enum member \"red\" redeclared" */

control C(inout s_t s) {
    action a() {
        s.h.g = 1; /* ERROR "has no member \"g\"" */
        s.h.f = color_t.blue; /* ERROR "has no member \"blue\"" */
    }
    table t {
        key = { s.h.f : fuzzy; } /* ERROR "\"fuzzy\" is not a match_kind" */
        actions = { a; b; } /* ERROR "undeclared action \"b\"" */
    }
    apply {
        t.apply();
        u.apply(); /* ERROR "undeclared name \"u\"" */
    }
}

parser P(packet_in pkt, out s_t s) {
    state start {
        transition nowhere; /* ERROR "undeclared state \"nowhere\"" */
    }
}
