/* Calls, generics and externs. */
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<16> b;
}

struct m_t {
    bit<32> idx;
    bit<8>  v;
}

struct d_t {
    bit<8> x;
}

control C(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    register<bit<8>, bit<32>>(16) regs;
    counter(8, CounterType.packets) cnt;
    counter(8, CounterType.bytes, 3) bad; /* ERROR "no constructor of counter takes 3 arguments" */
    action act() {
        regs.read(m.v, m.idx);
        regs.write(m.idx, h.b); /* ERROR "cannot use h.b \(type bit<16>\) as bit<8>" */
        regs.read(1, m.idx); /* ERROR "not assignable" */
        cnt.count(m.idx);
        cnt.count(m.v); /* ERROR "cannot use m.v \(type bit<8>\) as bit<32>" */
        hash(h.b, HashAlgorithm.crc16, (bit<16>)0, { h.a, m.v }, (bit<32>)65536);
        hash(h.b, HashAlgorithm.crc16, 0, { h.a }, 16); /* ERROR "cannot infer a type" */
        digest<d_t>(1, { h.a });
        digest<d_t>(1, { h.a, h.a }); /* ERROR "d_t has 1 fields, list has 2 elements" */
        mark_to_drop(sm);
        mark_to_drop(sm, sm); /* ERROR "no overload of \"mark_to_drop\" takes 2 arguments" */
        random(m.v, 0, 255);
        regs.nosuch(); /* ERROR "has no method \"nosuch\"" */
    }
    table t {
        key = { h.a : exact; }
        actions = { act; }
        counters = cnt; /* ERROR "counters must be a direct_counter instance" */
    }
    apply {
        t.apply();
        if (t.apply().hit) {
            act();
        }
        switch (t.apply().action_run) {
            act: { }
            NoAction: { }
            other: { } /* ERROR "\"other\" is not an action of table \"t\"" */
        }
    }
}
