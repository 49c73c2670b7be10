#include "tiersim/report/explain_report.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace tiersim {

namespace {
std::string percent(const std::optional<double>& u) {
  return u ? fmt::format("{:.1f}%", *u * 100.0) : std::string("-");
}
}  // namespace

std::string explanation_text(const std::string& scenario, const model::Explanation& ex) {
  std::string out = fmt::format(
      "scenario {}: what the operational laws predict, before simulating\n"
      "(utilization = visits per second x demand per visit / capacity)\n\n",
      scenario);
  std::size_t w = 6;
  for (const auto& c : ex.clients) w = std::max(w, c.name.size());
  for (const auto& n : ex.nodes) w = std::max(w, n.name.size());
  out += fmt::format("{:<{}}  {:<6} {:>12}\n", "client", w, "loop", "requests/s");
  for (const auto& c : ex.clients)
    out += fmt::format("{:<{}}  {:<6} {:>12.2f}{}\n", c.name, w, c.closed_loop ? "closed" : "open",
                       c.requests_per_second,
                       c.closed_loop ? "  (at most: users / (think time + time in service))" : "");
  out += fmt::format("\n{:<{}}  {:<4} {:>10} {:>13} {:>7} {:>7} {:>7}\n", "node", w, "kind",
                     "visits/s", "cpu ms/visit", "cpu", "tx", "rx");
  for (const auto& n : ex.nodes) {
    const std::string cpu_ms =
        n.kind == "service" ? fmt::format("{:.3f}", n.cpu_seconds_per_visit * 1e3) : "-";
    out += fmt::format("{:<{}}  {:<4} {:>10.2f} {:>13} {:>7} {:>7} {:>7}\n", n.name, w,
                       n.kind == "load_balancer" ? "lb" : "svc", n.visits_per_second, cpu_ms,
                       percent(n.cpu), percent(n.nic_tx), percent(n.nic_rx));
  }
  if (ex.headroom) {
    out += fmt::format("\nbottleneck: {} {} at {:.1f}%; ", ex.bottleneck_node,
                       ex.bottleneck_resource, 100 / *ex.headroom);
    out +=
        *ex.headroom >= 1
            ? fmt::format("the load can grow {:.2f}x before it saturates\n", *ex.headroom)
            : fmt::format("over capacity: the load must shrink {:.2f}x to fit\n", 1 / *ex.headroom);
  }
  return out;
}

}  // namespace tiersim
