// Internal to the report stage: how every non-integer number in tiersim's
// JSON is written (docs/results.md, "Numbers"). One rule, one place:
// changing it changes every golden file.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

namespace tiersim::report_json {

using Json = nlohmann::ordered_json;

// Rounded to 6 decimals; -0 becomes 0 so that it prints the same everywhere.
inline Json number(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return Json(r == 0 ? 0.0 : r);
}

}  // namespace tiersim::report_json
