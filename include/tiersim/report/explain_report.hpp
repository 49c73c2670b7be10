// The report of `tiersim explain`: operational-law predictions as a table.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/explain.hpp"

namespace tiersim {

// With `simulated`, each node's row also shows the simulated throughput and
// utilizations beside the predicted ones.
std::string explanation_text(const std::string& scenario, const model::Explanation& ex,
                             const Result* simulated = nullptr);

}  // namespace tiersim
