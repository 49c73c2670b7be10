// The series of a run (--series) as CSV: one row per interval, one column per
// figure, for a spreadsheet or a notebook. Columns are documented in
// docs/results.md#series.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

std::string series_csv(const Series& series);

}  // namespace tiersim
