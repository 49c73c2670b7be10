// Cost: what the architecture costs to run, from each node's instances and
// hourly price. A month is model.hours_per_month hours (730 by default);
// per million requests divides the hourly cost by the requests completed in
// an hour at the measured throughput.
#pragma once

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

CostResult compute_cost(const model::Model& model, double throughput_rps);

}  // namespace tiersim
