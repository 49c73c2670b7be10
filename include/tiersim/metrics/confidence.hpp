// Confidence intervals over independent replications: the mean of a metric
// with the half-width of its 95% Student-t interval, t(0.975; n-1) s/sqrt(n).
#pragma once

#include <string>
#include <vector>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

// t quantile 0.975 with `dof` degrees of freedom (exact table to 30, then
// interpolated in 1/dof towards the normal's 1.960). Requires: dof >= 1.
double t_quantile_975(int dof);

struct Interval {
  double mean = 0;
  double half_width = 0;  // 95%; 0 for a single replication
  double min = 0, max = 0;
};

Interval confidence_interval(const std::vector<double>& values);

struct MetricInterval {
  std::string name;  // "throughput_rps", "latency_p99_ms", "nodes.web.cpu", ...
  Interval interval;
};

// The key metrics of a run (throughput, latency mean and percentiles,
// rejected and in-flight counts, and per node throughput, latency mean and
// p99, and every modeled utilization), each over the replications.
// Requires: results not empty, all of the same model.
std::vector<MetricInterval> replication_intervals(const std::vector<Result>& results);

}  // namespace tiersim
