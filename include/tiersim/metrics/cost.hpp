// Cost: what the architecture costs to run, from each node's instances and
// hourly price. A month is model.hours_per_month hours (730 by default);
// per million requests divides the hourly cost by the requests completed in
// an hour at the measured throughput. A load balancer with price_per_gb adds
// the data it processed in the window, as a rate per hour.
#pragma once

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

// `gb_per_hour[node]`: the data a node processed, 10^9 bytes per hour, for
// load balancers' price_per_gb (empty: none).
CostResult compute_cost(const model::Model& model, double throughput_rps,
                        const std::vector<double>& gb_per_hour = {});

}  // namespace tiersim
