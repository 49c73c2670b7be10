#include "tiersim/report/prometheus.hpp"

#include <fmt/core.h>

#include <cmath>
#include <utility>
#include <vector>

namespace tiersim {

namespace {

// A label value with backslash, double quote and line feed escaped, as the
// format requires.
std::string escape(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

// Numbers the way Prometheus parses them; rounded to 9 significant digits so
// that the text is the same in every build.
std::string value(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x == 0) return "0";
  return fmt::format("{:.9g}", x);
}

using Labels = std::vector<std::pair<std::string, std::string>>;

class Exposition {
 public:
  // Starts a family: its HELP and TYPE lines.
  void family(const std::string& name, const char* type, const std::string& help) {
    name_ = name;
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(const Labels& labels, double x) { sample("", labels, x); }
  // A sample of the current family, with a suffix (_sum, _count) when given.
  void sample(const char* suffix, const Labels& labels, double x) {
    out_ += name_ + suffix;
    if (!labels.empty()) {
      out_ += '{';
      for (std::size_t i = 0; i < labels.size(); ++i)
        out_ += fmt::format("{}{}=\"{}\"", i ? "," : "", labels[i].first, escape(labels[i].second));
      out_ += '}';
    }
    out_ += ' ' + value(x) + '\n';
  }
  // A latency summary in seconds: quantiles, then _sum and _count.
  void summary(const Labels& labels, const LatencySummary& l) {
    const std::pair<const char*, double> quantiles[] = {{"0.5", l.p50_ms},
                                                        {"0.9", l.p90_ms},
                                                        {"0.95", l.p95_ms},
                                                        {"0.99", l.p99_ms},
                                                        {"0.999", l.p999_ms}};
    for (const auto& [q, ms] : quantiles) {
      Labels with = labels;
      with.emplace_back("quantile", q);
      sample(with, ms / 1e3);
    }
    const auto count = static_cast<double>(l.count);
    sample("_sum", labels, l.mean_ms / 1e3 * count);
    sample("_count", labels, count);
  }
  std::string text() && { return std::move(out_); }

 private:
  std::string name_;
  std::string out_;
};

void request_counts(Exposition& e, const RequestCounts& c, const Labels& base) {
  const std::pair<const char*, std::int64_t> outcomes[] = {{"completed", c.completed},
                                                           {"rejected", c.rejected},
                                                           {"failed", c.failed},
                                                           {"timed_out", c.timed_out},
                                                           {"in_flight", c.in_flight}};
  for (const auto& [outcome, n] : outcomes) {
    Labels l = base;
    l.emplace_back("outcome", outcome);
    e.sample(l, static_cast<double>(n));
  }
}

}  // namespace

std::string to_prometheus(const Result& r) {
  Exposition e;
  // One family per concept and label set: a total never shares a family
  // with its breakdown, so that sums over a family do not count twice.
  e.family("tiersim_run_info", "gauge", "The scenario and seed of the run (always 1).");
  e.sample({{"scenario", r.scenario}, {"seed", std::to_string(r.seed)}}, 1);
  e.family("tiersim_requests_total", "counter",
           "Requests created in the measured window, by what became of them "
           "(in_flight: not finished at its end).");
  request_counts(e, r.requests, {});
  e.family("tiersim_client_requests_total", "counter",
           "Requests created in the measured window, by client and outcome.");
  for (const auto& c : r.clients) request_counts(e, c.requests, {{"client", c.name}});
  e.family("tiersim_retries_total", "counter", "Retries sent for requests of the window.");
  e.sample({}, static_cast<double>(r.requests.retries));
  e.family("tiersim_client_retries_total", "counter", "Retries sent, by client.");
  for (const auto& c : r.clients)
    e.sample({{"client", c.name}}, static_cast<double>(c.requests.retries));
  e.family("tiersim_rate_limited_total", "counter",
           "Attempts a rate limit turned away (HTTP 429).");
  e.sample({}, static_cast<double>(r.requests.rate_limited));
  e.family("tiersim_client_rate_limited_total", "counter",
           "Attempts a rate limit turned away (HTTP 429), by client.");
  for (const auto& c : r.clients)
    e.sample({{"client", c.name}}, static_cast<double>(c.requests.rate_limited));
  e.family("tiersim_short_circuited_total", "counter",
           "Attempts a client's circuit breaker failed at once, unsent.");
  e.sample({}, static_cast<double>(r.requests.short_circuited));
  e.family("tiersim_client_short_circuited_total", "counter",
           "Attempts a circuit breaker failed at once, unsent, by client.");
  for (const auto& c : r.clients)
    e.sample({{"client", c.name}}, static_cast<double>(c.requests.short_circuited));
  e.family("tiersim_throughput_requests_per_second", "gauge",
           "Requests completed in the window per second.");
  e.sample({}, r.throughput_rps);
  e.family("tiersim_class_throughput_requests_per_second", "gauge",
           "Requests completed in the window per second, by request class.");
  for (const auto& c : r.classes) e.sample({{"class", c.name}}, c.throughput_rps);
  e.family("tiersim_request_duration_seconds", "summary",
           "End-to-end latency of the requests completed in the window.");
  e.summary({}, r.latency);
  e.family("tiersim_class_request_duration_seconds", "summary",
           "End-to-end latency of the requests completed in the window, by request class.");
  for (const auto& c : r.classes) e.summary({{"class", c.name}}, c.latency);
  e.family("tiersim_client_request_duration_seconds", "summary",
           "End-to-end latency of the requests completed in the window, by client.");
  for (const auto& c : r.clients) e.summary({{"client", c.name}}, c.latency);

  e.family("tiersim_node_visits_total", "counter",
           "Visits that ended at a node in the window, by outcome.");
  for (const auto& n : r.nodes) {
    e.sample({{"node", n.name}, {"outcome", "completed"}}, static_cast<double>(n.completed));
    e.sample({{"node", n.name}, {"outcome", "rejected"}}, static_cast<double>(n.rejected));
    e.sample({{"node", n.name}, {"outcome", "failed"}}, static_cast<double>(n.failed));
  }
  e.family("tiersim_node_visit_duration_seconds", "summary",
           "Time from a visit's arrival at a node to its reply leaving it.");
  for (const auto& n : r.nodes) e.summary({{"node", n.name}}, n.latency);
  e.family("tiersim_node_utilization_ratio", "gauge",
           "Busy time over capacity time in the window, per modeled resource.");
  for (const auto& n : r.nodes)
    for (const auto& field : kLoadedResources)
      if (const auto& u = n.utilization.*field.member)
        e.sample({{"node", n.name}, {"resource", field.name}}, *u);
  e.family("tiersim_node_queue_length", "gauge",
           "Time-average number of requests waiting at a node, all instances.");
  for (const auto& n : r.nodes) e.sample({{"node", n.name}}, n.queue_length_mean);
  e.family("tiersim_node_instances", "gauge", "Instances of a node.");
  for (const auto& n : r.nodes) e.sample({{"node", n.name}}, static_cast<double>(n.instances));
  e.family("tiersim_node_cost_usd_per_hour", "gauge", "What a node costs an hour.");
  for (const auto& n : r.nodes) e.sample({{"node", n.name}}, n.cost_per_hour_usd);

  e.family("tiersim_cost_usd_per_hour", "gauge", "What the whole architecture costs an hour.");
  e.sample({}, r.cost.per_hour_usd);
  if (r.cost.per_million_requests_usd) {
    e.family("tiersim_cost_usd_per_million_requests", "gauge",
             "Cost per hour over the requests completed in an hour, times a million.");
    e.sample({}, *r.cost.per_million_requests_usd);
  }
  e.family("tiersim_simulated_seconds", "gauge", "Length of the measured window.");
  e.sample({}, r.duration_s);
  e.family("tiersim_events_total", "counter", "Events the engine executed, warm-up included.");
  e.sample({}, static_cast<double>(r.events));
  e.family("tiersim_run_partial", "gauge", "1 when the run stopped before its window's end.");
  e.sample({}, r.stopped ? 1 : 0);
  return std::move(e).text();
}

}  // namespace tiersim
