/* push_front and pop_front shift a header stack by a non-negative
   compile-time constant count. */
#include <core.p4>

header h_t { bit<8> a; }
struct s_t { h_t[4] st; }

control C(inout s_t s, in bit<8> n) {
    apply {
        s.st.push_front(1);
        s.st.pop_front(0);
        s.st.push_front(-1); /* ERROR "push_front needs a non-negative count, not -1" */
        s.st.pop_front(-2); /* ERROR "pop_front needs a non-negative count, not -2" */
        s.st.pop_front(n); /* ERROR "cannot use n \(type bit<8>\) as int" */
    }
}
