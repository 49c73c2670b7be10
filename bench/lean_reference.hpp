// The lean reference: single-purpose event loops that do only what an M/M/1
// queue, or a tandem of two, needs (a binary heap of integer-time events,
// the same generator and logarithm as tiersim), and nothing tiersim does for
// generality: no scenario, no components, no observers, no reports. Their
// speed is the yardstick tiersim's whole process is measured against
// (docs/performance.md).
#pragma once

#include <cstdint>

namespace tiersim::bench {

struct LeanResult {
  std::int64_t completed = 0;
  double mean_response_s = 0;
};

// `stations` (1 or 2) exponential servers in series, one server each, fed by
// Poisson arrivals at `lambda`; service rates `mu[i]`. Runs until
// `requests` have completed.
LeanResult lean_tandem(int stations, double lambda, const double mu[2], std::int64_t requests,
                       std::uint64_t seed);

}  // namespace tiersim::bench
