#include "tiersim/metrics/warnings.hpp"

#include <fmt/core.h>

namespace tiersim {

namespace {

void check(Result& res, const NodeResult& n, const char* resource, const std::optional<double>& u) {
  if (!u) return;
  if (*u >= kSaturated) {
    res.warnings.push_back(fmt::format(
        "node '{}' is saturated: {} utilization {:.3f}; requests queue and latency grows without "
        "bound (add instances or a bigger machine)",
        n.name, resource, *u));
  } else if (*u >= kNearSaturation) {
    res.warnings.push_back(fmt::format(
        "node '{}' is close to saturation: {} utilization {:.3f}; waiting time rises steeply here",
        n.name, resource, *u));
  }
}

}  // namespace

void add_warnings(Result& res, const model::Model& model) {
  for (const auto& n : res.nodes) {
    check(res, n, "cpu", n.utilization.cpu);
    check(res, n, "memory", n.utilization.memory);
    check(res, n, "nic_tx", n.utilization.nic_tx);
    check(res, n, "nic_rx", n.utilization.nic_rx);
    const std::int64_t limited = n.rate_limited.value_or(0);
    if (limited > 0)
      res.warnings.push_back(
          fmt::format("node '{}' rate-limited {} requests: its rate_limit answered them with 429",
                      n.name, limited));
    const std::int64_t turned_away = n.rejected - limited;
    if (turned_away > 0 && n.kind == "load_balancer")
      res.warnings.push_back(fmt::format(
          "load balancer '{}' rejected {} requests: it had max_connections open, or no backend "
          "in service",
          n.name, turned_away));
    else if (turned_away > 0)
      res.warnings.push_back(
          fmt::format("node '{}' rejected {} requests: its waiting room (queue_limit) was full",
                      n.name, turned_away));
    if (n.balancer && n.balancer->failed_at_down_backend > 0)
      res.warnings.push_back(fmt::format(
          "load balancer '{}' sent {} requests to a backend that was down, and they failed: "
          "health checks find a dead instance only after threshold x interval",
          n.name, n.balancer->failed_at_down_backend));
  }
  if (res.requests.failed > 0)
    res.warnings.push_back(fmt::format(
        "{} of {} requests generated in the window failed: an instance on their way was down "
        "(see instance_events)",
        res.requests.failed, res.requests.generated));
  const auto& r = res.requests;
  if (r.generated > 0 && r.in_flight * 20 > r.generated)
    res.warnings.push_back(fmt::format(
        "{} of {} requests generated in the window were still in flight at its end: the system "
        "does not keep up, or the window is too short for its latency",
        r.in_flight, r.generated));
  if (model.warmup == SimTime::zero())
    res.warnings.push_back(
        "warmup is 0: statistics include the start from an empty system; set 'warmup:' to "
        "exclude it");
}

}  // namespace tiersim
