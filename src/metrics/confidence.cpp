#include "tiersim/metrics/confidence.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace tiersim {

double t_quantile_975(int dof) {
  static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof <= 30) return kTable[std::max(dof, 1) - 1];
  // Beyond the table: linear in 1/dof between known points.
  static const std::pair<double, double> kTail[] = {
      {30, 2.042}, {40, 2.021}, {60, 2.000}, {120, 1.980}, {1e300, 1.960}};
  for (std::size_t i = 1; i < std::size(kTail); ++i) {
    const auto [d0, t0] = kTail[i - 1];
    const auto [d1, t1] = kTail[i];
    if (dof <= d1) {
      const double x = (1 / static_cast<double>(dof) - 1 / d0) / (1 / d1 - 1 / d0);
      return t0 + x * (t1 - t0);
    }
  }
  return 1.960;
}

Interval confidence_interval(const std::vector<double>& values) {
  Interval ci;
  const auto n = static_cast<double>(values.size());
  if (values.empty()) return ci;
  double sum = 0;
  for (double v : values) sum += v;
  ci.mean = sum / n;
  ci.min = *std::min_element(values.begin(), values.end());
  ci.max = *std::max_element(values.begin(), values.end());
  if (values.size() < 2) return ci;
  double ss = 0;
  for (double v : values) ss += (v - ci.mean) * (v - ci.mean);
  const double sd = std::sqrt(ss / (n - 1));
  ci.half_width = t_quantile_975(static_cast<int>(values.size()) - 1) * sd / std::sqrt(n);
  return ci;
}

std::vector<MetricInterval> replication_intervals(const std::vector<Result>& results) {
  std::vector<MetricInterval> out;
  auto add = [&](std::string name, const std::function<double(const Result&)>& metric) {
    std::vector<double> values;
    for (const auto& r : results) values.push_back(metric(r));
    out.push_back({std::move(name), confidence_interval(values)});
  };
  add("throughput_rps", [](const Result& r) { return r.throughput_rps; });
  add("latency_mean_ms", [](const Result& r) { return r.latency.mean_ms; });
  add("latency_p50_ms", [](const Result& r) { return r.latency.p50_ms; });
  add("latency_p90_ms", [](const Result& r) { return r.latency.p90_ms; });
  add("latency_p99_ms", [](const Result& r) { return r.latency.p99_ms; });
  add("latency_p999_ms", [](const Result& r) { return r.latency.p999_ms; });
  add("rejected", [](const Result& r) { return static_cast<double>(r.requests.rejected); });
  add("in_flight", [](const Result& r) { return static_cast<double>(r.requests.in_flight); });
  const Result& first = results.front();
  for (std::size_t i = 0; i < first.nodes.size(); ++i) {
    const std::string node = "nodes." + first.nodes[i].name + ".";
    add(node + "throughput_rps", [i](const Result& r) { return r.nodes[i].throughput_rps; });
    add(node + "latency_mean_ms", [i](const Result& r) { return r.nodes[i].latency.mean_ms; });
    add(node + "latency_p99_ms", [i](const Result& r) { return r.nodes[i].latency.p99_ms; });
    for (const auto& resource : kLoadedResources) {
      // A named member, not a structured binding: clang 14 (the fuzz build)
      // cannot capture a binding in a lambda.
      const auto member = resource.member;
      if (!(first.nodes[i].utilization.*member)) continue;
      add(node + "utilization." + resource.name,
          [i, member](const Result& r) { return (r.nodes[i].utilization.*member).value_or(0); });
    }
  }
  return out;
}

}  // namespace tiersim
