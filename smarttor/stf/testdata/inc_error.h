// inc_error.h: included by inc_error.p4; line 3 has a type error.
header h_t { bit<8> x; }
const bit<8> BAD = true;
