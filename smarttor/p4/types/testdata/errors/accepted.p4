/* Constructs p4c's front-end accepts (each found in a p4c sample our
   checker used to refuse), next to the nearest ones it rejects. */
#include <core.p4>
#include <v1model.p4>

/* A struct of fixed-width fields may be a header field. */
struct inner_t { bit<4> a; bool b; bit<3> c; }
struct outer_t { inner_t i; bit<8> d; }
header nested_h { outer_t o; bit<8> e; }
struct with_varbit_t { varbit<8> v; }
header bad_nested_h { with_varbit_t w; } /* ERROR "header field \"w\"" */
struct with_header_t { nested_h h; }
header bad_nested2_h { with_header_t w; } /* ERROR "header field \"w\"" */

/* A control may take the name of an architecture's extern function. */
control verify_checksum(inout nested_h h) { apply { } }
control mark_to_drop(inout nested_h h) { apply { } }
control C1(inout nested_h h) { apply { } }
control C1(inout nested_h h) { apply { } } /* ERROR "\"C1\" redeclared" */

/* register<T> with the index type left to the call: an integer literal
   index is a bit<32>, as in p4c's default v1model (20180101). */
control Regs(inout nested_h h) {
    register<bit<8>>(2) r;
    register<bit<8>>(2) r16;
    apply {
        bit<8> x;
        r.read(x, 0);
        r.write(1, x);
        r16.read(x, 16w1);
        r16.write(2, x);
    }
}

/* A brace list is a tuple keyset in table entries. */
control Entries(inout nested_h h) {
    action a(bit<8> v) { h.e = v; }
    table t {
        key = { h.e : exact; }
        actions = { a; }
        const entries = {
            {(4w1 ++ 4w2)} : a(1);
            {8w3} : a(2);
            {8w4, 8w5} : a(3); /* ERROR "keyset has 2 elements, there are 1 keys" */
        }
    }
    apply { t.apply(); }
}

/* Direct type invocation: T.apply(args) applies an instance of T. */
control Sub(inout nested_h h) { apply { h.e = 1; } }
control TakesCtor(inout nested_h h)(bit<8> v) { apply { h.e = v; } }
control TypeOnly(inout nested_h h);
control Direct(inout nested_h h) {
    apply {
        Sub.apply(h);
        Sub.apply(h);
        TakesCtor.apply(h); /* ERROR "apply" */
        TypeOnly.apply(h); /* ERROR "apply" */
    }
}

/* Size methods are compile-time integers; tuples index by constants. */
control Sizes(inout nested_h h) {
    apply {
        const int n = h.minSizeInBits();
        bit<8> m = (bit<8>)h.maxSizeInBytes();
        tuple<bit<8>, bool> t = { 1, true };
        h.e = t[0];
        h.e = h.minSizeInBits(1); /* ERROR "takes no arguments" */
    }
}

/* Struct constants; {a = 1, ...} leaves the others at their defaults;
   static_assert is evaluated at compile time; for-in over a stack. */
const inner_t KI = { a = 1, b = true, c = 2 };
const bool OK = static_assert(KI.a == 1, "KI.a");
control Defaults(inout nested_h h) {
    nested_h[2] hs;
    apply {
        inner_t i = KI;
        i = { a = 2, ... };
        static_assert(1 == 1);
        static_assert(1 == 2, "no"); /* ERROR "static assertion failed: no" */
        static_assert(h.e == 1); /* ERROR "compile-time constant" */
        for (nested_h x in hs) { h.e = h.e + x.e; }
        for (bit<8> y in hs) { } /* ERROR "loop variable of type bit<8>" */
    }
}

/* {#} is an invalid header or header union. */
header_union nu_t { nested_h a; nested_h b; }
control Invalid(inout nested_h h, inout nu_t u) {
    apply {
        h = {#};
        u = {#};
        inner_t i = {#}; /* ERROR "invalid header or header union, not inner_t" */
    }
}

/* An instance of a generic extern passes for a parameter of the
   extern's bare name. */
control Counts(inout nested_h h)(counter c) { apply { c.count(0); } }
control UsesCounts(inout nested_h h) {
    counter(4, CounterType.packets) cnt;
    Counts(cnt) cs;
    meter(4, MeterType.packets) mtr;
    Counts(mtr) bad; /* ERROR "cannot use mtr" */
    apply { cs.apply(h); }
}

/* A list expression compared with a struct takes the struct's type. */
control CompareList(inout nested_h h) {
    apply {
        inner_t i = KI;
        bool b = i == { 1, true, 2 };
        b = { a = 1, b = true, c = 2 } != i;
        b = i == { 1, true }; /* ERROR "inner_t has 3 fields, list has 2 elements" */
    }
}

/* An integer cast to a serializable enum is a constant, member or not. */
enum bit<8> E8 { A = 1, B = 2 }
const E8 NOT_A_MEMBER = (E8)3;
const bit<8> ITS_VALUE = (bit<8>)NOT_A_MEMBER;

/* A generic parser may extract into its type parameter. */
parser GenericParser<H>(packet_in pkt, out H h) {
    state start { pkt.extract(h); transition accept; }
}

/* The architecture's function stays callable under the control's name. */
control CallsShadowed(inout nested_h h) {
    apply {
        verify_checksum(true, { h.e }, h.e, HashAlgorithm.csum16);
        mark_to_drop();
    }
}
