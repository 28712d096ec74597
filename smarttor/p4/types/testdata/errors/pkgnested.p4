/* A constructor call inside a package argument's constructor arguments:
   p4c specializes the block, with names not confirmed here; rejected. */
#include <core.p4>

control C();
package S(C c);
control Inner() { apply { } }
control Outer()(C c) { apply { c.apply(); } }
S(Outer(Inner /* ERROR "constructor call Inner.. as a constructor argument of package argument Outer.. is not supported" */ ())) main;
