/* Generic types, abstract methods and in-place instances. */
#include <core.p4>
#include <v1model.p4>

struct pair_t<T> {
    T first;
    T second;
}

extern Hasher<T> {
    Hasher();
    abstract T mix(in T a);
    T last();
}

struct m_t {
    pair_t<bit<8>> p;
    bit<8>         x;
}

control C(inout m_t m) {
    Hasher<bit<8>>() h1 = {
        bit<8> mix(in bit<8> a) {
            return a ^ this.last();
        }
    };
    Hasher<bit<8>>() h2 = { /* ERROR "does not implement abstract method \"mix\"" */
    };
    Hasher<bit<8>>() h3 = {
        bit<16> mix(in bit<8> a) { /* ERROR "Hasher.mix returns bit<8>, not bit<16>" */
            return 0;
        }
    };
    action a() { }
    table t {
        key = { m.x : exact; }
        actions = { a; }
        implementation = action_profile(16);
        counters = counter(4, CounterType.packets); /* ERROR "counters must be a direct_counter instance" */
    }
    apply {
        m.p = { first = 1, second = 2 };
        m.p.first = m.x;
        m.p.second = (bit<16>)m.x; /* ERROR "cannot use \(bit<16>\)m.x \(type bit<16>\) as bit<8>" */
        pair_t<bit<8>, bit<8>> q; /* ERROR "pair_t needs 1 type arguments, got 2" */
        m.x = this.last(); /* ERROR "this is only allowed in abstract method implementations" */
        t.apply();
    }
}
