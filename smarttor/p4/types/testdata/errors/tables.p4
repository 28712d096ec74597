/* Table property errors. */
#include <core.p4>
#include <v1model.p4>

struct m_t {
    bit<8>  a;
    bit<32> b;
}

control C(inout m_t m) {
    direct_counter(CounterType.packets) dc;
    action set(bit<8> v) { m.a = v; }
    action two(inout bit<8> x, bit<8> v) { x = v; }
    action other() { }
    table t1 {
        key = { m.a : exact; }
        actions = { set; @defaultonly other; }
        default_action = NoAction(); /* ERROR "default action \"NoAction\" is not in the actions of table \"t1\"" */
    }
    table t2 {
        key = { m.a : exact; }
        actions = { set; @defaultonly other; }
        const entries = {
            1 : other(); /* ERROR "@defaultonly and cannot be used in entries" */
            2 : set(1, 2); /* ERROR "has 1 parameters, got 2 arguments" */
            _ : set(3); /* ERROR "_ or default is not allowed for a exact key" */
        }
    }
    table t3 {
        key = { m.a : lpm; }
        actions = { set; set; } /* ERROR "action \"set\" listed twice" */
        const entries = {
            8w0xf0 &&& 8w0x0f : set(1); /* ERROR "lpm mask 15 is not a prefix" */
        }
        size = -1; /* ERROR "invalid table size" */
    }
    table t4 {
        key = { m.a : exact; }
        actions = { two; } /* ERROR "directional parameter \"x\" must be bound in the actions list" */
    }
    table t5 {
        key = { m.a : exact; }
        actions = { two(m.a); @tableonly set; }
        default_action = set(1); /* ERROR "@tableonly and cannot be the default action" */
        counters = dc;
        support_timeout = 1; /* ERROR "cannot use 1 \(type int\) as bool" */
    }
    table t6 { /* ERROR "table \"t6\" has no actions property" */
        key = { m.b : ternary; }
    }
    table t7 {
        key = { m.a : exact; }
        actions = { set; }
        key = { m.b : exact; } /* ERROR "table property \"key\" given twice" */
    }
    apply {
        t1.apply();
        set(1);
        set(m.b); /* ERROR "cannot use m.b \(type bit<32>\) as bit<8>" */
    }
}
