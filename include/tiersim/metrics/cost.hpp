// Cost: what the architecture costs to run, from each node's instances and
// hourly price. A month is model.hours_per_month hours (730 by default);
// per million requests divides the hourly cost by the requests completed in
// an hour at the measured throughput. What nodes are priced for by use (a
// load balancer's data, a queue's calls) is added at its rate in the window.
#pragma once

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

// `usage_per_hour[node]`: USD an hour for what the node processed, besides
// its instances (empty: none).
CostResult compute_cost(const model::Model& model, double throughput_rps,
                        const std::vector<double>& usage_per_hour = {});

}  // namespace tiersim
