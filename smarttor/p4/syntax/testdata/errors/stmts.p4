// Statement and expression errors.
control c(inout bit<8> x, inout bit<8> y) {
    action a() {
        x = ; /* ERROR "expected expression, found ';'" */
        x + y ; /* ERROR "expected '=' or '\(', found ';'" */
        y = (x + 1; /* ERROR "expected '\)', found ';'" */
    }
    action b() {
        if x /* ERROR "expected '\(', found 'IDENT' x" */ == 1) { }
        f(x) 3 /* ERROR "expected ';', found 'INT' 3" */ ;
        x = x ? 1 ; /* ERROR "expected ':', found ';'" */
        else /* ERROR "expected statement, found 'else'" */ ;
        y = x[1:; /* ERROR "expected expression, found ';'" */
    }
    apply {
        switch (x) {
            1 { /* ERROR "expected ':', found '{'" */ }
        }
        return
    } /* ERROR "expected expression, found '}'" */
}
