/* Language corners: functions, extern objects with abstract methods,
 * generics, tuples, struct initializers, casts, slices, concatenation,
 * saturating arithmetic, named and don't-care arguments, conditional
 * compilation and function-like macros. */
#include <core.p4>
#define V1MODEL_VERSION 20180101
#include <v1model.p4>

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define WIDTH 16
#if defined(WIDTH) && WIDTH >= 16 && !defined(NARROW)
typedef bit<WIDTH> word_t;
#elif WIDTH == 8
typedef bit<8> word_t;
#else
#error "unsupported width"
#endif
#undef WIDTH
#ifdef WIDTH
#error "WIDTH still defined"
#endif

@brief("A pair of words.")
struct pair_t<T> {
    T first;
    T second;
}

header h_t {
    bit<8>     a;
    bit<16>    b;
    int<8>     s;
    varbit<64> opts;
}

struct hs_t {
    h_t    h;
    h_t[2] stack;
}

struct m_t {
    word_t                  w;
    tuple<bit<8>, bool>     tup;
    pair_t<bit<4>>          p;
    bool                    flag;
}

extern Checker<T> {
    Checker(bit<32> size);
    abstract bool check(in T value);
    T last();
}

extern bit<16> fold<D>(in D data, @optional in bit<16> seed);

bit<16> max16(in bit<16> a, in bit<16> b) {
    if (a > b) {
        return a;
    }
    return b;
}

parser MiscParser(packet_in pkt, out hs_t hdr, inout m_t meta,
                  inout standard_metadata_t sm) {
    bit<8> n = 0;
    state start {
        pkt.extract(hdr.h, (bit<32>)(hdr.h.a << 3));
        pkt.advance(32w8);
        n = pkt.lookahead<bit<8>>();
        transition select(n) {
            0: parse_stack;
            default: accept;
        }
    }
    @name(".parse_stack") state parse_stack {
        pkt.extract(hdr.stack.next);
        transition select(hdr.stack.lastIndex) {
            0: parse_stack;
            default: accept;
        }
    }
}

control MiscVerify(inout hs_t hdr, inout m_t meta) { apply { } }

control MiscIngress(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm)(bit<8> threshold) {
    Checker<bit<8>>(16) chk = {
        bool check(in bit<8> value) {
            return value < threshold && this.last() != value;
        }
    };
    const bit<8> LIMIT = MAX(3, 4);

    action compute(in bit<8> x, out bit<16> y, inout bool z) {
        y = 8w0 ++ x;
        z = !z;
    }

    action set(bit<16> v) {
        bit<32> wide = 16w0xFFFF ++ v;
        meta.w = (word_t)wide[15:0];
        hdr.h.b = v |+| 16w1;
        hdr.h.b[7:4] = 4w0b1010;
        hdr.h.s = -8s1;
        hdr.h.s = 8s-1;
        hdr.h.a = (bit<8>)(v >> 8) & 0xF0 | (bit<8>)v[3:0];
        hdr.h.a = hdr.h.a << 1 >> 2;
        meta.flag = hdr.h.a > 1 && v < 100 || !meta.flag;
    }

    table t {
        key = {
            hdr.h.a : exact;
            hdr.h.b & 0xFF00 : ternary @name("b_hi");
            hdr.stack[0].a : exact;
        }
        actions = { set; NoAction; }
        default_action = NoAction();
        my_property = 42;
    }

    apply {
        bit<16> out_y;
        bool zz = true;
        pair_t<bit<4>> pp = { first = 1, second = 2 };
        meta.p = { 4w1, 4w2 };
        meta.tup = { 8w1, false };
        meta.p = (pair_t<bit<4>>){ first = 3, second = 4 };
        compute(x = hdr.h.a, y = out_y, z = zz);
        compute(hdr.h.a, _, zz);
        hdr.stack[1].setValid();
        hdr.stack.push_front(1);
        meta.w = max16(a = out_y, b = (bit<16>)LIMIT);
        meta.w = fold(hdr.h);
        meta.w = fold<h_t>(data = hdr.h, seed = 16w7);
        if (chk.check(hdr.h.a)) {
            t.apply();
        } else if (hdr.h.a == 0 || hdr.h.b == 0x1_000) {
            ;
        } else {
            exit;
        }
        switch (hdr.h.a) {
            0: { meta.flag = true; }
            1:
            2: { meta.flag = false; }
            default: { }
        }
        bit<8> v = meta.flag ? 8w1 : 8w2;
        v = (v > 0) ? v - 1 : 0;
        if (sm.ingress_port == 0) { mark_to_drop(); }
        random(v, 8w0, 8w255);
        bit<32> hv;
        hash(hv, HashAlgorithm.identity, 32w0, { hdr.h.a, hdr.h.b }, 32w65536);
    }
}

control MiscEgress(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm) { apply { } }

control MiscCompute(inout hs_t hdr, inout m_t meta) { apply { } }

control MiscDeparser(packet_out pkt, in hs_t hdr) {
    apply {
        pkt.emit(hdr.h);
        pkt.emit(hdr.stack);
    }
}

V1Switch<hs_t, m_t>(MiscParser(), MiscVerify(), MiscIngress(8w10), MiscEgress(),
         MiscCompute(), MiscDeparser()) main;
