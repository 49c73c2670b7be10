#include "tiersim/report/text_report.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace tiersim {

namespace {

std::string percent(const std::optional<double>& u) {
  return u ? fmt::format("{:.1f}%", *u * 100.0) : std::string("-");
}

std::string money(double usd) {
  if (usd == 0) return "$0";
  if (usd < 0.01) return fmt::format("${:.6f}", usd);
  return fmt::format("${:.4f}", usd);
}

std::string latency_line(const LatencySummary& l) {
  return fmt::format("mean {:.3f}  p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  p99.9 {:.3f}  max {:.3f} ms",
                     l.mean_ms, l.p50_ms, l.p90_ms, l.p99_ms, l.p999_ms, l.max_ms);
}

}  // namespace

std::string to_text(const Result& r) {
  std::string out;
  auto line = [&out](const std::string& s) {
    out += s;
    out += '\n';
  };
  line(fmt::format("scenario {} (seed {}): {:g} s measured after {:g} s of warm-up", r.scenario,
                   r.seed, r.duration_s, r.warmup_s));
  line("");
  const auto& q = r.requests;
  line(fmt::format("requests    generated {}  completed {}  rejected {}  failed {}  in flight {}",
                   q.generated, q.completed, q.rejected, q.failed, q.in_flight));
  line(fmt::format("throughput  {:.2f} requests/s", r.throughput_rps));
  line(fmt::format("latency     {}", latency_line(r.latency)));
  line("");

  std::size_t w = 4;
  for (const auto& n : r.nodes) w = std::max(w, n.name.size());
  line(fmt::format(
      "{:<{}}  {:<13} {:>5} {:>10} {:>10} {:>10} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>10}",
      "node", w, "kind", "inst", "req/s", "p50 ms", "p99 ms", "cpu", "mem", "nic tx", "nic rx",
      "queue", "rejected", "$/hour"));
  for (const auto& n : r.nodes) {
    line(
        fmt::format("{:<{}}  {:<13} {:>5} {:>10.2f} {:>10.3f} {:>10.3f} {:>7} {:>7} {:>7} {:>7} "
                    "{:>8.2f} {:>8} {:>10}",
                    n.name, w, n.kind, n.instances, n.throughput_rps, n.latency.p50_ms,
                    n.latency.p99_ms, percent(n.utilization.cpu), percent(n.utilization.memory),
                    percent(n.utilization.nic_tx), percent(n.utilization.nic_rx),
                    n.queue_length_mean, n.rejected, money(n.cost_per_hour_usd)));
  }
  if (r.classes.size() > 1) {
    line("");
    for (const auto& c : r.classes)
      line(fmt::format("class {:<12} {:>10.2f} req/s  {}", c.name, c.throughput_rps,
                       latency_line(c.latency)));
  }
  line("");
  const auto& c = r.cost;
  line(fmt::format("cost        {} per hour, {} per month ({:g} h), {} per million requests",
                   money(c.per_hour_usd), money(c.per_month_usd), c.hours_per_month,
                   c.per_million_requests_usd ? money(*c.per_million_requests_usd) : "-"));
  if (!c.prices.empty()) line(fmt::format("            prices: {}", c.prices));
  if (!r.warnings.empty()) {
    line("");
    line("warnings");
    for (const auto& wmsg : r.warnings) line("  - " + wmsg);
  }
  if (r.stopped) {
    line("");
    line("STOPPED: " + *r.stopped);
  }
  return out;
}

}  // namespace tiersim
