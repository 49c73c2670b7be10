// The human-readable summary `tiersim run` prints: requests, throughput,
// latency, a table of nodes with their utilization, classes, cost and
// warnings.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

std::string to_text(const Result& result);

}  // namespace tiersim
