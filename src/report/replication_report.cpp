#include "tiersim/report/replication_report.hpp"

#include <fmt/core.h>

#include "json_number.hpp"
#include "tiersim/metrics/confidence.hpp"

namespace tiersim {

using report_json::Json;
using report_json::number;

std::string replication_text(const std::vector<Result>& results) {
  const Result& first = results.front();
  std::string out = fmt::format(
      "scenario {}: {} replications of {:g} s measured after {:g} s of warm-up\n"
      "mean over the replications, with the half-width of its 95% confidence interval\n\n",
      first.scenario, results.size(), first.duration_s, first.warmup_s);
  const auto intervals = replication_intervals(results);
  std::size_t w = 6;
  for (const auto& m : intervals) w = std::max(w, m.name.size());
  out += fmt::format("{:<{}}  {:>12}  {:>10}  {:>12}  {:>12}\n", "metric", w, "mean", "+/- 95%",
                     "min", "max");
  for (const auto& m : intervals) {
    const auto& i = m.interval;
    out += fmt::format("{:<{}}  {:>12.4f}  {:>10.4f}  {:>12.4f}  {:>12.4f}\n", m.name, w, i.mean,
                       i.half_width, i.min, i.max);
  }
  std::size_t stopped = 0;
  for (const auto& r : results) stopped += r.stopped ? 1 : 0;
  if (stopped > 0) out += fmt::format("\nSTOPPED: {} replications stopped early\n", stopped);
  return out;
}

std::string replication_json(const std::vector<Result>& results) {
  const Result& first = results.front();
  Json j;
  j["scenario"] = first.scenario;
  j["replications"] = results.size();
  Json seeds = Json::array();
  for (const auto& r : results) seeds.push_back(r.seed);
  j["seeds"] = seeds;
  j["duration_s"] = number(first.duration_s);
  j["warmup_s"] = number(first.warmup_s);
  Json metrics = Json::object();
  for (const auto& m : replication_intervals(results)) {
    Json mj;
    mj["mean"] = number(m.interval.mean);
    mj["ci95_half_width"] = number(m.interval.half_width);
    mj["min"] = number(m.interval.min);
    mj["max"] = number(m.interval.max);
    metrics[m.name] = mj;
  }
  j["metrics"] = metrics;
  Json stopped = Json::array();
  for (const auto& r : results)
    if (r.stopped) stopped.push_back(*r.stopped);
  j["stopped"] = stopped;
  return j.dump(2) + "\n";
}

}  // namespace tiersim
