#include "tiersim/metrics/collector.hpp"

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
  }
}

}  // namespace

Collector::Collector(const model::Model& model)
    : model_(model), begin_(model.warmup), end_(model.warmup + model.duration) {
  class_latency_.resize(model.classes.size());
  class_completed_.resize(model.classes.size());
  clients_.resize(model.clients.size());
  nodes_.resize(model.nodes.size());
  for (auto& n : nodes_)
    n.cores_busy = n.memory = n.waiting = n.nic_tx = n.nic_rx = TimeWeighted(begin_, end_);
}

void Collector::request_created(const Request& r) {
  if (!r.measured) return;
  ++counts_.generated;
  ++clients_[r.client].counts.generated;
}

void Collector::request_finished(const Request& r, Outcome outcome, SimTime now) {
  if (r.measured) {
    count_outcome(counts_, outcome);
    count_outcome(clients_[r.client].counts, outcome);
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

void Collector::visit_finished(model::NodeId node, const Request&, SimTime arrived, SimTime left,
                               Outcome outcome) {
  if (!in_window(left)) return;
  NodeStats& n = nodes_[node];
  if (outcome != Outcome::completed) return;
  ++n.completed;
  n.latency.record((left - arrived).ns());
}

void Collector::rejected_at(model::NodeId node, const Request&, SimTime now) {
  if (in_window(now)) ++nodes_[node].rejected;
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

void Collector::level_changed(model::NodeId node, Gauge g, SimTime now, std::int64_t delta) {
  gauge(node, g).change(now, delta);
}

void Collector::busy_interval(model::NodeId node, Gauge g, SimTime start, SimTime end) {
  gauge(node, g).add_interval(start, end);
}

Result Collector::finish(std::int64_t in_flight_measured, std::uint64_t events) {
  Result res;
  const double seconds = model_.duration.seconds();
  const double window_ns = static_cast<double>(model_.duration.ns());
  res.scenario = model_.name;
  res.seed = model_.seed;
  res.duration_s = seconds;
  res.warmup_s = model_.warmup.seconds();
  res.requests = counts_;
  res.requests.in_flight = in_flight_measured;
  res.throughput_rps = static_cast<double>(completed_in_window_) / seconds;
  res.latency = summarize(latency_);
  res.events = events;
  for (std::size_t c = 0; c < model_.classes.size(); ++c) {
    res.classes.push_back(ClassResult{model_.classes[c], class_completed_[c],
                                      static_cast<double>(class_completed_[c]) / seconds,
                                      summarize(class_latency_[c])});
  }
  for (std::size_t i = 0; i < model_.clients.size(); ++i) {
    ClientResult c;
    c.name = model_.clients[i].name;
    c.requests = clients_[i].counts;
    c.requests.in_flight =
        c.requests.generated - c.requests.completed - c.requests.rejected - c.requests.failed;
    c.throughput_rps = static_cast<double>(clients_[i].completed_in_window) / seconds;
    c.latency = summarize(clients_[i].latency);
    res.clients.push_back(std::move(c));
  }
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
    r.throughput_rps = static_cast<double>(n.completed) / seconds;
    r.latency = summarize(n.latency);
    const double instances = static_cast<double>(spec.instances);
    const double capacity_ns = instances * window_ns;
    // A load balancer runs no handler steps and holds no request memory:
    // its cores and memory are not modeled.
    const bool service = spec.kind == "service";
    if (service)
      r.utilization.cpu = n.cores_busy.integral_until(end_) /
                          (capacity_ns * static_cast<double>(spec.machine.cores));
    if (service && spec.machine.memory_bytes)
      r.utilization.memory = n.memory.integral_until(end_) /
                             (capacity_ns * static_cast<double>(*spec.machine.memory_bytes));
    if (spec.machine.nic_bps) {
      r.utilization.nic_tx = n.nic_tx.integral_until(end_) / capacity_ns;
      r.utilization.nic_rx = n.nic_rx.integral_until(end_) / capacity_ns;
    }
    r.queue_length_mean = n.waiting.integral_until(end_) / window_ns;
    r.cost_per_hour_usd = instances * spec.machine.price_per_hour;
    res.nodes.push_back(std::move(r));
  }
  res.cost = compute_cost(model_, res.throughput_rps);
  add_warnings(res, model_);
  return res;
}

}  // namespace tiersim
