#include "tiersim/report/explain_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace tiersim {

namespace {
std::string percent(const std::optional<double>& u) {
  return u ? fmt::format("{:.1f}%", *u * 100.0) : std::string("-");
}
}  // namespace

std::string explanation_text(const std::string& scenario, const model::Explanation& ex,
                             const Result* simulated) {
  std::string out = fmt::format(
      "scenario {}: what the operational laws predict, before simulating\n"
      "(utilization = visits per second x demand per visit / capacity)\n\n",
      scenario);
  std::size_t w = 6;
  for (const auto& c : ex.clients) w = std::max(w, c.name.size());
  for (const auto& n : ex.nodes) w = std::max(w, n.name.size());
  out += fmt::format("{:<{}}  {:<6} {:>12}\n", "client", w, "loop", "requests/s");
  for (const auto& c : ex.clients) {
    std::string note;
    if (c.closed_loop) note = "  (at most: users / (think time + time in service))";
    if (c.peak_per_second)
      note = fmt::format("  (the window's mean; peak {:.2f}/s at t={:g}s)", *c.peak_per_second,
                         std::round(*c.peak_at_s * 1000) / 1000);
    out += fmt::format("{:<{}}  {:<6} {:>12.2f}{}\n", c.name, w, c.closed_loop ? "closed" : "open",
                       c.requests_per_second, note);
  }
  out += fmt::format("\n{:<{}}  {:<4} {:>10} {:>10} {:>8} {:>7} {:>7} {:>7}", "node", w, "kind",
                     "visits/s", "limit/s", "cpu ms", "cpu", "tx", "rx");
  if (simulated) out += fmt::format("  {:>10} {:>7} {:>7} {:>7}", "sim req/s", "cpu", "tx", "rx");
  out += '\n';
  for (std::size_t i = 0; i < ex.nodes.size(); ++i) {
    const auto& n = ex.nodes[i];
    const std::string cpu_ms = fmt::format("{:.3f}", n.cpu_seconds_per_visit * 1e3);
    const std::string limit =
        n.max_visits_per_second ? fmt::format("{:.2f}", *n.max_visits_per_second) : "-";
    out += fmt::format("{:<{}}  {:<4} {:>10.2f} {:>10} {:>8} {:>7} {:>7} {:>7}", n.name, w,
                       n.kind == "load_balancer" ? "lb" : "svc", n.visits_per_second, limit, cpu_ms,
                       percent(n.cpu), percent(n.nic_tx), percent(n.nic_rx));
    if (simulated) {
      const NodeResult& r = simulated->nodes[i];
      out +=
          fmt::format("  {:>10.2f} {:>7} {:>7} {:>7}", r.throughput_rps, percent(r.utilization.cpu),
                      percent(r.utilization.nic_tx), percent(r.utilization.nic_rx));
    }
    out += '\n';
  }
  if (ex.headroom) {
    out += fmt::format("\nbottleneck: {} {} at {:.1f}%; ", ex.bottleneck_node,
                       ex.bottleneck_resource, 100 / *ex.headroom);
    out +=
        *ex.headroom >= 1
            ? fmt::format("the load can grow {:.2f}x before it saturates\n", *ex.headroom)
            : fmt::format("over capacity: the load must shrink {:.2f}x to fit\n", 1 / *ex.headroom);
    double total = 0;
    for (const auto& c : ex.clients) total += c.requests_per_second;
    for (const auto& c : ex.clients) {
      if (!c.peak_per_second || !(total > 0)) continue;
      // The whole load while this client peaks and the others keep to their
      // means, taking the bottleneck's load to grow with the total rate.
      const double at_peak = (total + *c.peak_per_second - c.requests_per_second) / total;
      if (at_peak > *ex.headroom)
        out += fmt::format(
            "client {} peaks at {:.2f}/s, taking the load to {:.2f}x its mean, beyond that "
            "headroom: while the peak lasts, requests arrive faster than {} can serve them and "
            "queue\n",
            c.name, *c.peak_per_second, at_peak, ex.bottleneck_node);
    }
  }
  return out;
}

}  // namespace tiersim
