// A small program whose tree is dumped in small.golden, to show the node
// types and positions the type checker walks.
header h_t {
    bit<8> f;
}

struct hs_t {
    h_t[2] hs;
}

control c(inout hs_t hdr)(bit<8> k) {
    @name("c.act")
    action act(in bit<8> v) {
        hdr.hs[0].f = v |+| k;
    }
    table t {
        key = { hdr.hs[0].f : ternary @name("f"); }
        actions = { act; @defaultonly NoAction; }
        const entries = { priority = 1: 8w1 &&& 8w0xF : act(2); }
        default_action = NoAction();
    }
    apply {
        switch (t.apply().action_run) {
            act: { }
            default: { exit; }
        }
    }
}

parser p(packet_in b, out hs_t hdr) {
    state start {
        b.extract(hdr.hs.next);
        transition select(hdr.hs.last.f) {
            0 .. 7: start;
            default: accept;
        }
    }
}

control trailing() {
    action a(bit<8> x) { }
    table t2 {
        key = { x : exact; }
        actions = { a; }
        entries = {
            1 : a(1) @name("one");
            @priority(3) const 2 : a(2);
        }
    }
    apply { t2.apply(); }
}
