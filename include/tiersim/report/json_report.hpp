// The JSON result (docs/results.md): `tiersim run FILE --json OUT`.
//
// Keys come in a fixed order; every non-integer number is rounded to 6
// decimal places and printed in the shortest form that reads back as that
// value, so the same Result always gives the same bytes.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

std::string to_json(const Result& result);

}  // namespace tiersim
