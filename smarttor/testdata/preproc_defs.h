// preproc_defs.h: included by preproc.p4 ("file" form, found next to the
// including file). An include guard makes the second #include empty.
#ifndef PREPROC_DEFS_H
#define PREPROC_DEFS_H
#define OUT_PORT 3
#define ADD(a, b) ((a) + (b))
header h_t { bit<8> a; bit<8> b; bit<8> sum; bit<8> flags; bit<8> line; }
#endif
