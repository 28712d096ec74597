/* Division and modulo: between non-negative int values, never by zero. */
#include <core.p4>

const int q = 7 / 2;
const int r = 7 % 2;
const int n1 = -7 / 2; /* ERROR "operator / is not defined on negative value -7" */
const int n2 = 7 % -2; /* ERROR "operator % is not defined on negative value -2" */
const bit<8> z = 8w7 / 0; /* ERROR "division by zero" */

action act(inout bit<8> a) {
    a = a / 4;
    a = a % 8w3;
    a = a / 0; /* ERROR "division by zero" */
    a = a % 8w0; /* ERROR "division by zero" */
    a = a / -1; /* ERROR "operator / is not defined on negative value -1" */
    a = -5 % a; /* ERROR "operator % is not defined on negative value -5" */
    a /= 0; /* ERROR "division by zero" */
}
