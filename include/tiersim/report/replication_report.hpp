// Reports of `tiersim run --replications N`: each key metric's mean over the
// replications with its 95% confidence interval, as a table and as JSON.
#pragma once

#include <string>
#include <vector>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

// Requires: results not empty, all runs of one model.
std::string replication_text(const std::vector<Result>& results);
std::string replication_json(const std::vector<Result>& results);

}  // namespace tiersim
