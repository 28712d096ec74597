// inc_error.p4: an error in an included file is reported at that file's
// line (TestErrorInIncludedFile).
#include <core.p4>
#include <v1model.p4>
#include "inc_error.h"
const bit<8> ALSO_BAD = false;
