// Lexical and preprocessor errors.
#define GOOD 1
#if GOOD
const bit<8> A = 1;
#else
const bit<8> A = 2;
#endif
#frobnicate /* ERROR "unknown preprocessor directive #frobnicate" */
#include "missing-file.p4" /* ERROR "cannot find include file \"missing-file.p4\"" */
#error custom stop /* ERROR "#error custom stop" */
#if 1 + /* ERROR "#if: unexpected end of expression" */
#endif
const bit<8> B = 1 $ /* ERROR "invalid character '\$'" */ ;
const bit<8> C = 3;
#endif /* ERROR "#endif without #if" */
