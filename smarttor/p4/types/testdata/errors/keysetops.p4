/* Masks and ranges are of bit<W> or int<W> values; switch statements are
   for controls. */
#include <core.p4>

header h_t { bit<8> a; }
struct s_t { h_t h; }

parser P(packet_in pk, inout s_t s) {
    state start {
        transition select(s.h.a, s.h.isValid()) {
            (0x10 &&& 0xf0, true): accept;
            (1 .. 5, false): accept;
            (_, true &&& true): reject; /* ERROR "operator &&& needs a bit<W> or int<W> key, not bool" */
            (_, false .. true): reject; /* ERROR "operator .. needs a bit<W> or int<W> key, not bool" */
            default: next;
        }
    }
    state next {
        switch (s.h.a) { /* ERROR "switch statements are only allowed in controls, not in parser \"P\"" */
            1: {}
        }
        transition accept;
    }
}

control C(inout s_t s) {
    table t {
        key = { s.h.isValid() : ternary; }
        actions = { NoAction; }
        const entries = {
            true &&& true : NoAction(); /* ERROR "operator &&& needs a bit<W> or int<W> key, not bool" */
        }
    }
    apply {
        switch (s.h.a) {
            1: { t.apply(); }
        }
    }
}
