/* Parser errors. */
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<16> b;
}

struct s_t {
    h_t    h;
    h_t[2] hs;
}

parser P(packet_in pkt, out s_t s) {
    value_set<bit<16>>(4) vs;
    state start {
        pkt.extract(s.h);
        transition select(s.h.a) {
            1: next;
            vs: next; /* ERROR "value set \"vs\" of bit<16> used for a key of type bit<8>" */
            2 .. 1: next; /* ERROR "empty range 2..1" */
            (1, 2): next; /* ERROR "keyset has 2 elements, there are 1 keys" */
            s.h.a: next; /* ERROR "not a compile-time constant" */
            default: accept;
        }
    }
    state next {
        pkt.extract(s.hs.next);
        exit; /* ERROR "exit is not allowed in a parser" */
        transition reject;
    }
    state accept { /* ERROR "state \"accept\" is built in" */
        transition reject;
    }
}

parser Q(packet_in pkt, out s_t s) { /* ERROR "parser \"Q\" has no start state" */
    state begin {
        transition accept;
    }
}

control C(inout s_t s) {
    apply {
        s.hs.next.a = 1; /* ERROR "s.hs.next is only allowed in parsers" */
        s.hs[2].a = 1; /* ERROR "index 2 out of bounds of h_t\[2\]" */
    }
}

struct meta_t {
    bit<8> x;
}

parser R(packet_in pkt, out s_t s, inout meta_t m) {
    state start {
        pkt.extract(m); /* ERROR "extract needs a header, not meta_t" */
        bit<8> v = pkt.lookahead<bit<8>>();
        transition accept;
    }
}

control Dep(packet_out pkt, in s_t s, in meta_t m) {
    apply {
        pkt.emit(s);
        pkt.emit(s.hs);
        pkt.emit(m); /* ERROR "emit needs a header" */
        verify(true, error.NoMatch); /* ERROR "verify can only be called in a parser" */
    }
}
