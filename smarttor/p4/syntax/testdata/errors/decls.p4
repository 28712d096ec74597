// Declaration errors: each is reported and parsing goes on.
#include <core.p4>

header h_t {
    bit<8> a
    bit /* ERROR "expected ';', found 'bit'" */ <8> b;
}

struct s_t {
    h_t h;
    bit<8> 3 /* ERROR "expected identifier, found 'INT' 3" */ ;
}

enum E { A, B, 7 /* ERROR "expected identifier, found 'INT' 7" */ }

const bit<8> K = ; /* ERROR "expected expression, found ';'" */

typedef bit<9> ; /* ERROR "expected identifier, found ';'" */

= /* ERROR "expected declaration, found '='" */ ;

control c(inout h_t h) {
    action a() { }
    table t {
        key = { h.a exact /* ERROR "expected ':', found 'IDENT' exact" */ ; }
        actions = { a; }
    }
    42 /* ERROR "expected declaration or apply block, found 'INT' 42" */ ;
    apply {
        t.apply();
    }
}

control noapply() {
} /* ERROR "control noapply has no apply block" */

parser p(packet_in b) {
    state start {
        transition select(b.lookahead<bit<8>>()) {
            1: accept;
            2 accept /* ERROR "expected ':', found 'IDENT' accept" */ ;
            default: reject;
        }
    }
    transition /* ERROR "expected parser state or declaration, found 'transition'" */ accept;
}

extern X { X(); bit<8> get(; /* ERROR "expected type, found ';'" */ }

const bit<8> L = 8w0x /* ERROR "invalid integer literal \"8w0x\"" */ ZZ;
