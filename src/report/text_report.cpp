#include "tiersim/report/text_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

namespace tiersim {

namespace {

// "87.5%", or "-" where the resource is not modeled.
std::string percent(const std::optional<double>& u) {
  return u ? fmt::format("{:.1f}%", *u * 100.0) : std::string("-");
}

std::string money(double usd) {
  if (usd == 0) return "$0";
  if (usd < 0.01) return fmt::format("${:.6f}", usd);
  return fmt::format("${:.4f}", usd);
}

constexpr std::size_t kColumns = 100;

// A line of prose longer than kColumns, broken at spaces. Continuation
// lines start under the value of a labelled line ("slo         ..."), else
// four more than the line's own indent.
std::string wrapped(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.size() <= kColumns) return s;
  const std::size_t own = s.find_first_not_of(' ');
  std::size_t start = std::min<std::size_t>(own == std::string::npos ? 0 : own, 40) + 4;
  const std::size_t gap = s.find("  ", own == std::string::npos ? 0 : own);
  if (gap != std::string::npos && gap < 16) {
    const std::size_t value = s.find_first_not_of(' ', gap);
    if (value != std::string::npos && value < 20) start = value;
  }
  const std::string indent(start, ' ');
  std::string out;
  std::string rest = s;
  while (rest.size() > kColumns) {
    std::size_t cut = rest.rfind(' ', kColumns);
    if (cut == std::string::npos || cut <= indent.size()) cut = rest.find(' ', kColumns);
    const std::size_t next = cut == std::string::npos ? cut : rest.find_first_not_of(' ', cut);
    if (next == std::string::npos) break;  // no break, or only spaces after it
    std::size_t end = cut;
    while (end > 0 && rest[end - 1] == ' ') --end;
    out += rest.substr(0, end);
    out += '\n';
    rest = indent + rest.substr(next);
  }
  return out + rest;
}

// A table's number in at most `width` characters: `decimals` decimals, or
// fewer for a large value.
std::string fit(double v, int width, int decimals_at_most = 2) {
  for (int decimals = decimals_at_most; decimals > 0; --decimals) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (static_cast<int>(s.size()) <= width) return s;
  }
  return fmt::format("{:.0f}", v);
}

std::string latency_line(const LatencySummary& l) {
  return fmt::format("mean {:.2f}  p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  p99.9 {:.2f}  max {:.2f} ms",
                     l.mean_ms, l.p50_ms, l.p90_ms, l.p99_ms, l.p999_ms, l.max_ms);
}

}  // namespace

std::string to_text(const Result& r) {
  std::string out;
  // Prose wraps at 100 columns; table rows do not, and are sized to fit
  // them (names of up to 13 characters).
  auto line = [&out](const std::string& s) {
    out += wrapped(s);
    out += '\n';
  };
  auto row = [&out](const std::string& s) {
    out += s;
    out += '\n';
  };
  line(fmt::format("scenario {} (seed {}): {:g} s measured after {:g} s of warm-up", r.scenario,
                   r.seed, r.duration_s, r.warmup_s));
  line("");
  const auto& q = r.requests;
  line(fmt::format("requests    generated {}  completed {}  rejected {}  failed {}  {}in flight {}",
                   q.generated, q.completed, q.rejected, q.failed,
                   q.timed_out > 0 ? fmt::format("timed out {}  ", q.timed_out) : "", q.in_flight));
  if (q.retries > 0 || q.attempts_timed_out > 0)
    line(
        fmt::format("attempts    {} retries sent, {} attempts timed out (the client stopped "
                    "waiting; the servers did not)",
                    q.retries, q.attempts_timed_out));
  line(fmt::format("throughput  {:.2f} requests/s", r.throughput_rps));
  line(fmt::format("latency     {}", latency_line(r.latency)));
  line("");

  // Nodes: one row each, in scenario order. The usual columns fit 100 for
  // names of up to 9 characters; with longer ones, each column narrows to
  // its widest cell.
  std::vector<std::vector<std::string>> cells = {{"node", "kind", "inst", "req/s", "p50 ms",
                                                  "p99 ms", "cpu", "mem", "tx", "rx", "queue",
                                                  "rej", "$/hour"}};
  for (const auto& n : r.nodes)
    cells.push_back({n.name,
                     n.kind == "load_balancer" ? "lb"
                     : n.kind == "service"     ? "svc"
                     : n.kind == "queue"       ? "q"
                                               : n.kind,
                     std::to_string(n.instances), fit(n.throughput_rps, 9),
                     fit(n.latency.p50_ms, 8), fit(n.latency.p99_ms, 8), percent(n.utilization.cpu),
                     percent(n.utilization.memory), percent(n.utilization.nic_tx),
                     percent(n.utilization.nic_rx), fit(n.queue_length_mean, 7),
                     std::to_string(n.rejected), money(n.cost_per_hour_usd)});
  std::vector<std::size_t> widths = {4, 4, 4, 9, 8, 8, 6, 6, 6, 6, 7, 6, 9};
  std::vector<std::size_t> tight(widths.size(), 0);
  for (const auto& c : cells)
    for (std::size_t k = 0; k < c.size(); ++k) {
      tight[k] = std::max(tight[k], c[k].size());
      widths[k] = std::max(widths[k], c[k].size());
    }
  std::size_t total = widths.size() - 1;
  for (std::size_t k : widths) total += k;
  if (total > kColumns) widths = tight;
  for (const auto& c : cells) {
    std::string text;
    for (std::size_t k = 0; k < c.size(); ++k) {
      if (k > 0) text += ' ';
      // The name and the kind are left-aligned, the figures right-aligned.
      text +=
          k < 2 ? fmt::format("{:<{}}", c[k], widths[k]) : fmt::format("{:>{}}", c[k], widths[k]);
    }
    row(text);
  }
  if (r.clients.size() > 1) {
    std::size_t cw = 6;
    for (const auto& c : r.clients) cw = std::max(cw, c.name.size());
    line("");
    row(fmt::format("{:<{}} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "client", cw, "req/s",
                    "p99 ms", "success", "rejected", "failed", "timed out", "retries"));
    for (const auto& c : r.clients) {
      const auto& q = c.requests;
      const std::string success =
          q.generated > 0 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(q.completed) /
                                                       static_cast<double>(q.generated))
                          : "-";
      row(fmt::format("{:<{}} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", c.name, cw,
                      fit(c.throughput_rps, 9), fit(c.latency.p99_ms, 9), success, q.rejected,
                      q.failed, q.timed_out, q.retries));
    }
  }
  // How evenly each tier's instances share the work, and what sessions,
  // load balancers and circuit breakers did: one line each, where it applies.
  bool headed = false;
  auto section = [&] {
    if (!headed) line("");
    headed = true;
  };
  for (const auto& c : r.clients) {
    if (!c.breaker_opened) continue;
    section();
    line(fmt::format("{}: circuit breaker opened {} times, {} attempts short-circuited", c.name,
                     *c.breaker_opened, c.requests.short_circuited));
  }
  for (const auto& n : r.nodes) {
    if (n.balance) {
      section();
      const auto& b = *n.balance;
      std::string cpu;
      if (b.cpu_max_over_mean)
        cpu = fmt::format(";  cpu max/mean {:.2f}, cv {:.3f}", *b.cpu_max_over_mean, *b.cpu_cv);
      line(fmt::format("{} x{}: requests max/mean {:.2f}, cv {:.3f}{}", n.name, n.instances,
                       b.requests_max_over_mean, b.requests_cv, cpu));
    }
    if (n.sessions) {
      section();
      const auto& ss = *n.sessions;
      line(
          fmt::format("{} sessions: created {}, found {}, missed {} ({}), lost {}, expired {}, "
                      "evicted {}",
                      n.name, ss.created, ss.found, ss.misses, percent(ss.miss_ratio), ss.lost,
                      ss.expired, ss.evicted));
    }
    if (n.queue) {
      section();
      const auto& q = *n.queue;
      line(fmt::format(
          "{}: published {}, done {} (job latency p50 {:.2f} ms, p99 {:.2f} ms), "
          "redelivered {}, dead-lettered {}, depth mean {:.2f} max {}, oldest {:.3f} s",
          n.name, q.published, q.completed, q.job_latency.p50_ms, q.job_latency.p99_ms,
          q.redelivered, q.dead_lettered, q.depth_mean, q.depth_max, q.oldest_age_max_s));
      line(
          fmt::format("{}: receives {} with messages, {} empty; deletes {} ({} duplicates); "
                      "calls {}",
                      n.name, q.receives, q.empty_receives, q.deletes, q.duplicates, q.requests));
    }
    if (n.rate_limited) {
      section();
      line(fmt::format("{}: {} requests rate-limited (429)", n.name, *n.rate_limited));
    }
    if (n.balancer) {
      section();
      const auto& bc = *n.balancer;
      line(fmt::format("{}: {} connections opened, {} requests failed at down backends, {:.3f} GB",
                       n.name, bc.connections_opened, bc.failed_at_down_backend, bc.gb_processed));
    }
  }
  if (!r.instance_events.empty()) {
    line("");
    line("instance events");
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < std::min(kShown, r.instance_events.size()); ++i) {
      const auto& e = r.instance_events[i];
      line(fmt::format("  {:>10.3f} s  {}[{}] {}{}", e.time_s, e.node, e.instance, e.event,
                       e.by.empty() ? "" : " (seen by " + e.by + ")"));
    }
    if (r.instance_events.size() > kShown)
      line(fmt::format("  ... {} more in the JSON result", r.instance_events.size() - kShown));
  }
  if (r.classes.size() > 1) {
    std::size_t cw = 5;
    for (const auto& c : r.classes) cw = std::max(cw, c.name.size());
    line("");
    row(fmt::format("{:<{}} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "class", cw, "req/s",
                    "mean ms", "p50", "p90", "p99", "p99.9", "max"));
    for (const auto& c : r.classes) {
      const auto& l = c.latency;
      row(fmt::format("{:<{}} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", c.name, cw,
                      fit(c.throughput_rps, 9), fit(l.mean_ms, 9, 3), fit(l.p50_ms, 9, 3),
                      fit(l.p90_ms, 9, 3), fit(l.p99_ms, 9, 3), fit(l.p999_ms, 9, 3),
                      fit(l.max_ms, 9, 3)));
    }
  }
  line("");
  const auto& c = r.cost;
  line(fmt::format("cost        {} per hour, {} per month ({:g} h), {} per million requests",
                   money(c.per_hour_usd), money(c.per_month_usd), c.hours_per_month,
                   c.per_million_requests_usd ? money(*c.per_million_requests_usd) : "-"));
  if (!c.prices.empty()) line(fmt::format("            prices: {}", c.prices));
  if (r.slo) {
    const SloResult& s = *r.slo;
    const std::string within =
        s.latency_ms ? fmt::format(" within {:g} ms", *s.latency_ms) : std::string();
    line(fmt::format("slo         {:g}% completed{}: ", s.target * 100, within) +
         (s.achieved ? fmt::format("{:.3f}% ({} good, {} bad), {:.0f}% of the error budget "
                                   "burned: {}",
                                   *s.achieved * 100, s.good, s.bad, *s.budget_burned * 100,
                                   s.met ? "met" : "MISSED")
                     : std::string("no request finished")));
  }
  // A broken check stops the run (below); a complete run says they held.
  if (!r.stopped)
    line("checks      requests conserved, no capacity exceeded, Little's law at every node");
  if (!r.warnings.empty()) {
    line("");
    line("warnings");
    for (const auto& wmsg : r.warnings) line("  - " + wmsg);
  }
  if (r.stopped) {
    line("");
    line("STOPPED: " + *r.stopped);
    line(
        fmt::format("(a partial result: the figures above cover the {:g} s of the window "
                    "simulated before the stop)",
                    r.duration_s));
  }
  return out;
}

}  // namespace tiersim
