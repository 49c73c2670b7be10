// Elementary functions computed the same way on every machine.
//
// The C library may pick a different implementation of log, exp or cos at
// run time depending on the processor (glibc has FMA and non-FMA variants),
// and those can differ in the last bit; a sample that differs in the last
// bit can change a golden file. These use only IEEE addition,
// multiplication and division (compiled without contraction), so they give
// the same bits everywhere. Accuracy: within a few units in the last place,
// far below any statistical effect.
//
// Changing anything here changes every golden file.
#pragma once

namespace tiersim::portable {

// Natural logarithm. Requires: x > 0 and finite.
double log(double x);
// e^x; 0 below about -745, +infinity above about 709.
double exp(double x);
// cos(2 pi u) for any finite u, without forming 2 pi u first.
double cos_two_pi(double u);
// x^y for x > 0, as exp(y log x).
double pow(double x, double y);

}  // namespace tiersim::portable
