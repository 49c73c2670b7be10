#include "tiersim/metrics/collector.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "tiersim/metrics/cost.hpp"
#include "tiersim/metrics/warnings.hpp"

namespace tiersim {

namespace {

LatencySummary summarize(const LatencyHistogram& h) {
  LatencySummary s;
  s.count = h.count();
  constexpr double kMs = 1e6;
  s.mean_ms = h.mean() / kMs;
  s.p50_ms = h.quantile(0.50) / kMs;
  s.p90_ms = h.quantile(0.90) / kMs;
  s.p95_ms = h.quantile(0.95) / kMs;
  s.p99_ms = h.quantile(0.99) / kMs;
  s.p999_ms = h.quantile(0.999) / kMs;
  s.max_ms = static_cast<double>(h.max()) / kMs;
  return s;
}

void count_outcome(RequestCounts& c, Outcome o) {
  switch (o) {
    case Outcome::completed:
      ++c.completed;
      break;
    case Outcome::rejected:
      ++c.rejected;
      break;
    case Outcome::failed:
      ++c.failed;
      break;
    case Outcome::timed_out:
      ++c.timed_out;
      break;
  }
}

}  // namespace

Collector::Collector(const model::Model& model)
    : model_(model), begin_(model.warmup), end_(model.warmup + model.duration) {
  class_latency_.resize(model.classes.size());
  class_completed_.resize(model.classes.size());
  clients_.resize(model.clients.size());
  nodes_.resize(model.nodes.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    NodeStats& n = nodes_[i];
    n.cores_busy = n.memory = n.waiting = n.nic_tx = n.nic_rx = TimeWeighted(begin_, end_);
    n.little = LittleLawAudit(begin_, end_);
    const auto instances = static_cast<std::size_t>(model.nodes[i].instances);
    n.instance_completed.assign(instances, 0);
    n.instance_cores_busy.assign(instances, TimeWeighted(begin_, end_));
  }
  if (model.series_interval) series_.emplace(model, *model.series_interval);
  if (model.trace_requests) trace_.emplace(*model.trace_requests);
}

void Collector::request_created(const Request& r) {
  if (series_) series_->request_created(r.created);
  if (trace_) trace_->request_created(r);
  if (!r.measured) return;
  ++counts_.generated;
  ++clients_[r.client].counts.generated;
}

void Collector::request_finished(const Request& r, Outcome outcome, SimTime now) {
  if (series_) series_->request_finished(outcome, r.created, now);
  if (trace_) trace_->request_finished(r, outcome, now);
  if (r.measured) {
    count_outcome(counts_, outcome);
    count_outcome(clients_[r.client].counts, outcome);
    if (model_.slo) {
      const bool good = outcome == Outcome::completed &&
                        (!model_.slo->latency || now - r.created <= *model_.slo->latency);
      ++(good ? slo_good_ : slo_bad_);
    }
  }
  if (outcome != Outcome::completed || !in_window(now)) return;
  const std::int64_t latency = (now - r.created).ns();
  ++completed_in_window_;
  latency_.record(latency);
  ++class_completed_[r.request_class];
  class_latency_[r.request_class].record(latency);
  ++clients_[r.client].completed_in_window;
  clients_[r.client].latency.record(latency);
}

void Collector::attempt_timed_out(const Request& r, SimTime) {
  if (!r.measured) return;
  ++counts_.attempts_timed_out;
  ++clients_[r.client].counts.attempts_timed_out;
}

void Collector::retried(const Request& r, SimTime) {
  if (!r.measured) return;
  ++counts_.retries;
  ++clients_[r.client].counts.retries;
}

void Collector::visit_started(model::NodeId node, std::uint32_t, const Request&, SimTime now) {
  nodes_[node].little.started(now);
  if (series_) series_->visit_started(node, now);
}

void Collector::visit_finished(model::NodeId node, std::uint32_t instance, const Request& r,
                               SimTime arrived, SimTime now, SimTime left, Outcome outcome) {
  nodes_[node].little.finished(arrived, now, left);
  if (series_) series_->visit_finished(node, outcome, now);
  if (trace_) trace_->visit_finished(node, instance, r, arrived, left, outcome);
  if (!in_window(left)) return;
  NodeStats& n = nodes_[node];
  if (outcome == Outcome::failed) ++n.failed;
  if (outcome != Outcome::completed) return;
  ++n.completed;
  ++n.instance_completed[instance];
  n.latency.record((left - arrived).ns());
}

void Collector::queue_event(model::NodeId queue, QueueEvent event, SimTime now, SimTime age) {
  if (!in_window(now)) return;
  QueueResult& q = nodes_[queue].queue;
  switch (event) {
    case QueueEvent::published:
      ++q.published;
      break;
    case QueueEvent::rejected:
      ++q.rejected;
      break;
    case QueueEvent::delivered:
    case QueueEvent::redelivered:
      ++(event == QueueEvent::delivered ? q.delivered : q.redelivered);
      if (event == QueueEvent::delivered && age > SimTime::zero()) ++q.waited;
      q.oldest_age_max_s = std::max(q.oldest_age_max_s, age.seconds());
      break;
    case QueueEvent::completed:
      ++q.completed;
      nodes_[queue].job_latency.record(age.ns());
      break;
    case QueueEvent::duplicate:
      ++q.duplicates;
      break;
    case QueueEvent::dead_lettered:
      ++q.dead_lettered;
      break;
    case QueueEvent::received:
      ++q.receives;
      break;
    case QueueEvent::empty_receive:
      ++q.empty_receives;
      break;
    case QueueEvent::deleted:
      ++q.deletes;
      break;
  }
}

void Collector::visit_waited(model::NodeId node, std::uint32_t instance, const Request& r,
                             SimTime from, SimTime to) {
  if (trace_) trace_->visit_waited(node, instance, r, from, to);
}

void Collector::queue_requests(model::NodeId queue, std::int64_t requests, SimTime now) {
  if (in_window(now)) nodes_[queue].queue.requests += requests;
}

void Collector::short_circuited(const Request& r, SimTime) {
  if (!r.measured) return;
  ++counts_.short_circuited;
  ++clients_[r.client].counts.short_circuited;
}

void Collector::breaker_opened(std::uint32_t client, SimTime now) {
  if (in_window(now)) ++clients_[client].breaker_opened;
}

void Collector::rejected_at(model::NodeId node, const Request&, SimTime now) {
  if (in_window(now)) ++nodes_[node].rejected;
}

void Collector::rate_limited(model::NodeId node, const Request& r, SimTime now) {
  if (in_window(now)) ++nodes_[node].rate_limited;
  if (!r.measured) return;
  ++counts_.rate_limited;
  ++clients_[r.client].counts.rate_limited;
}

TimeWeighted& Collector::gauge(model::NodeId node, Gauge g) {
  NodeStats& n = nodes_[node];
  switch (g) {
    case Gauge::cores_busy:
      return n.cores_busy;
    case Gauge::memory_bytes:
      return n.memory;
    case Gauge::waiting:
      return n.waiting;
    case Gauge::nic_tx:
      return n.nic_tx;
    case Gauge::nic_rx:
      return n.nic_rx;
  }
  return n.waiting;
}

void Collector::level_changed(model::NodeId node, std::uint32_t instance, Gauge g, SimTime now,
                              std::int64_t delta) {
  TimeWeighted& level = gauge(node, g);
  level.change(now, delta);
  if (g == Gauge::waiting && model_.nodes[node].queue)
    nodes_[node].queue.depth_max = std::max(nodes_[node].queue.depth_max, level.level());
  if (series_ && g == Gauge::cores_busy) series_->busy_cores_changed(node, now, delta);
  if (series_ && g == Gauge::waiting) series_->waiting_changed(node, now, delta);
  if (g == Gauge::cores_busy) {
    TimeWeighted& own = nodes_[node].instance_cores_busy[instance];
    own.change(now, delta);
    if (violation_.empty() && (own.level() < 0 || own.level() > model_.nodes[node].machine.cores))
      violation_ = fmt::format(
          "broken invariant: {} busy cores on instance {} of node '{}', which "
          "has {} (t={:.9f}s)",
          own.level(), instance, model_.nodes[node].name, model_.nodes[node].machine.cores,
          now.seconds());
  }
  if (violation_.empty()) {
    const model::Node& spec = model_.nodes[node];
    std::optional<std::int64_t> capacity;
    if (g == Gauge::cores_busy) capacity = spec.machine.cores * spec.instances;
    if (g == Gauge::memory_bytes && spec.machine.memory_bytes)
      capacity = *spec.machine.memory_bytes * spec.instances;
    if (level.level() < 0 || (capacity && level.level() > *capacity))
      violation_ = fmt::format("broken invariant: {} of node '{}' at {} (capacity {}) at t={:.9f}s",
                               g == Gauge::cores_busy     ? "busy cores"
                               : g == Gauge::memory_bytes ? "memory held"
                                                          : "a level",
                               spec.name, level.level(),
                               capacity ? fmt::format("{}", *capacity) : "-", now.seconds());
  }
}

void Collector::busy_interval(model::NodeId node, Gauge g, SimTime start, SimTime end) {
  gauge(node, g).add_interval(start, end);
}

void Collector::session_event(model::NodeId node, SessionEvent event, SimTime now,
                              std::int64_t count) {
  if (!in_window(now)) return;
  SessionCounts& c = nodes_[node].sessions;
  switch (event) {
    case SessionEvent::created:
      c.created += count;
      break;
    case SessionEvent::found:
      c.found += count;
      break;
    case SessionEvent::miss:
      c.misses += count;
      break;
    case SessionEvent::lost:
      c.lost += count;
      break;
    case SessionEvent::expired:
      c.expired += count;
      break;
    case SessionEvent::evicted:
      c.evicted += count;
      break;
  }
}

void Collector::add_event(SimTime now, model::NodeId node, std::uint32_t instance,
                          const char* event, std::string by) {
  if (events_.size() >= kMaxInstanceEvents) return;
  events_.push_back(
      InstanceEvent{now.seconds(), model_.nodes[node].name, instance, event, std::move(by)});
}

void Collector::instance_changed(model::NodeId node, std::uint32_t instance, bool up, SimTime now) {
  add_event(now, node, instance, up ? "up" : "down", "");
}

void Collector::backend_health_changed(model::NodeId lb, model::NodeId node, std::uint32_t instance,
                                       bool healthy, SimTime now) {
  add_event(now, node, instance, healthy ? "healthy" : "unhealthy", model_.nodes[lb].name);
}

void Collector::connection_opened(model::NodeId lb, SimTime now) {
  if (in_window(now)) ++nodes_[lb].balancer.connections_opened;
}

void Collector::failed_at_backend(model::NodeId lb, SimTime now) {
  if (in_window(now)) ++nodes_[lb].balancer.failed_at_down_backend;
}

void Collector::bytes_processed(model::NodeId lb, SimTime now, std::int64_t bytes) {
  if (in_window(now)) nodes_[lb].bytes += bytes;
}

namespace {

// Largest over mean and coefficient of variation of `v` (population sd).
std::pair<double, double> spread(const std::vector<double>& v) {
  double sum = 0, largest = 0;
  for (const double x : v) {
    sum += x;
    largest = std::max(largest, x);
  }
  const double mean = sum / static_cast<double>(v.size());
  if (mean <= 0) return {0, 0};
  double squares = 0;
  for (const double x : v) squares += (x - mean) * (x - mean);
  return {largest / mean, std::sqrt(squares / static_cast<double>(v.size())) / mean};
}

}  // namespace

InstanceBalance Collector::balance_of(model::NodeId node) {
  NodeStats& n = nodes_[node];
  const model::Node& spec = model_.nodes[node];
  InstanceBalance b;
  b.requests = n.instance_completed;
  std::vector<double> requests(b.requests.begin(), b.requests.end());
  std::tie(b.requests_max_over_mean, b.requests_cv) = spread(requests);
  const double capacity_ns =
      static_cast<double>((end_ - begin_).ns()) * static_cast<double>(spec.machine.cores);
  for (auto& busy : n.instance_cores_busy)
    b.cpu.push_back(capacity_ns > 0 ? busy.integral_until(end_) / capacity_ns : 0.0);
  const auto [cpu_max, cpu_cv] = spread(b.cpu);
  b.cpu_max_over_mean = cpu_max;
  b.cpu_cv = cpu_cv;
  return b;
}

SloResult Collector::slo_result() const {
  SloResult s;
  s.target = model_.slo->target;
  if (model_.slo->latency) s.latency_ms = model_.slo->latency->milliseconds();
  s.good = slo_good_;
  s.bad = slo_bad_ + slo_late_;
  const std::int64_t finished = s.good + s.bad;
  if (finished > 0) {
    const double bad_share = static_cast<double>(s.bad) / static_cast<double>(finished);
    s.achieved = 1 - bad_share;
    s.budget_burned = bad_share / (1 - s.target);
    // A share exactly at the target (999 of 1,000 for 99.9%) meets it,
    // whichever way the division rounds.
    s.met = *s.achieved >= s.target - 1e-12;
  }
  return s;
}

Result Collector::finish(std::int64_t in_flight_measured, std::uint64_t events, SimTime now) {
  // A run stopped early is measured over the part of the window it reached
  // (none, if it stopped during the warm-up: every rate is then 0).
  const bool stopped_early = now < end_;
  if (stopped_early) end_ = max(begin_, now);
  Result res;
  const double seconds = (end_ - begin_).seconds();
  const double window_ns = static_cast<double>((end_ - begin_).ns());
  // x / d, or 0 for an empty window.
  const auto ratio = [](double x, double d) { return d > 0 ? x / d : 0.0; };
  res.scenario = model_.name;
  res.seed = model_.seed;
  res.duration_s = seconds;
  res.warmup_s = model_.warmup.seconds();
  res.requests = counts_;
  res.requests.in_flight = in_flight_measured;
  res.throughput_rps = ratio(static_cast<double>(completed_in_window_), seconds);
  res.latency = summarize(latency_);
  res.events = events;
  for (std::size_t c = 0; c < model_.classes.size(); ++c) {
    res.classes.push_back(ClassResult{model_.classes[c], class_completed_[c],
                                      ratio(static_cast<double>(class_completed_[c]), seconds),
                                      summarize(class_latency_[c])});
  }
  for (std::size_t i = 0; i < model_.clients.size(); ++i) {
    ClientResult c;
    c.name = model_.clients[i].name;
    c.requests = clients_[i].counts;
    c.requests.in_flight = c.requests.generated - c.requests.completed - c.requests.rejected -
                           c.requests.failed - c.requests.timed_out;
    c.throughput_rps = ratio(static_cast<double>(clients_[i].completed_in_window), seconds);
    c.latency = summarize(clients_[i].latency);
    if (model_.clients[i].circuit_breaker) c.breaker_opened = clients_[i].breaker_opened;
    res.clients.push_back(std::move(c));
  }
  // What each node's use costs an hour (data through a load balancer, calls
  // to a queue), besides its instances.
  std::vector<double> usage_per_hour(model_.nodes.size(), 0.0);
  for (std::size_t i = 0; i < model_.nodes.size(); ++i) {
    const model::Node& spec = model_.nodes[i];
    NodeStats& n = nodes_[i];
    NodeResult r;
    r.name = spec.name;
    r.kind = spec.kind;
    r.instances = spec.instances;
    r.instance_type = spec.machine.instance_type;
    r.cores = spec.machine.cores;
    r.completed = n.completed;
    r.rejected = n.rejected;
    if (spec.rate_limit) r.rate_limited = n.rate_limited;
    r.failed = n.failed;
    r.throughput_rps = ratio(static_cast<double>(n.completed), seconds);
    r.latency = summarize(n.latency);
    const double instances = static_cast<double>(spec.instances);
    const double capacity_ns = instances * window_ns;
    // A load balancer holds no request memory: its memory is not modeled.
    const bool service = spec.kind == "service";
    r.utilization.cpu = ratio(n.cores_busy.integral_until(end_),
                              capacity_ns * static_cast<double>(spec.machine.cores));
    if (service && spec.machine.memory_bytes)
      r.utilization.memory = ratio(n.memory.integral_until(end_),
                                   capacity_ns * static_cast<double>(*spec.machine.memory_bytes));
    if (spec.machine.nic_bps) {
      r.utilization.nic_tx = ratio(n.nic_tx.integral_until(end_), capacity_ns);
      r.utilization.nic_rx = ratio(n.nic_rx.integral_until(end_), capacity_ns);
    }
    r.queue_length_mean = ratio(n.waiting.integral_until(end_), window_ns);
    if (!stopped_early) r.little_law = n.little.check();
    if (spec.instances > 1) r.balance = balance_of(static_cast<model::NodeId>(i));
    if (spec.state == model::SessionState::local) {
      r.sessions = n.sessions;
      const std::int64_t with_session = n.sessions.found + n.sessions.misses;
      if (with_session > 0)
        r.sessions->miss_ratio =
            static_cast<double>(n.sessions.misses) / static_cast<double>(with_session);
    }
    usage_per_hour[i] =
        spec.price_per_gb * ratio(static_cast<double>(n.bytes) / 1e9, seconds / 3600.0);
    if (spec.queue) {
      const QueueResult& q = n.queue;
      usage_per_hour[i] += spec.queue->price_per_million_requests *
                           ratio(static_cast<double>(q.requests) / 1e6, seconds / 3600.0);
      r.queue = q;
      r.queue->depth_mean = r.queue_length_mean;
      r.queue->job_latency = summarize(n.job_latency);
    }
    if (spec.kind == "load_balancer") {
      r.balancer = n.balancer;
      r.balancer->gb_processed = static_cast<double>(n.bytes) / 1e9;
    }
    r.cost_per_hour_usd = instances * spec.machine.price_per_hour + usage_per_hour[i];
    res.nodes.push_back(std::move(r));
  }
  res.cost = compute_cost(model_, res.throughput_rps, usage_per_hour);
  if (model_.slo) res.slo = slo_result();
  res.instance_events = events_;
  if (series_) res.series = series_->finish(now);
  if (trace_) res.trace = trace_->finish();
  add_warnings(res, model_);
  return res;
}

}  // namespace tiersim
