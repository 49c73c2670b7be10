#include "tiersim/metrics/series.hpp"

namespace tiersim {

SeriesRecorder::SeriesRecorder(const model::Model& model, SimTime interval)
    : model_(model), interval_(interval), nodes_(model.nodes.size()) {
  series_.interval_s = interval.seconds();
  for (const auto& n : model.nodes) series_.nodes.push_back(n.name);
}

void SeriesRecorder::add(Level& l, SimTime now, std::int64_t delta) {
  roll(now);
  l.area_ns +=
      static_cast<double>(l.level) * static_cast<double>((now - max(l.since, start_)).ns());
  l.since = now;
  l.level += delta;
}

void SeriesRecorder::roll(SimTime now) {
  while (now >= start_ + interval_) {
    close(start_ + interval_);
    start_ = start_ + interval_;
  }
}

void SeriesRecorder::close(SimTime until) {
  const double length_ns = static_cast<double>((until - start_).ns());
  const double length_s = length_ns / 1e9;
  const auto rate = [&](std::int64_t n) {
    return length_s > 0 ? static_cast<double>(n) / length_s : 0.0;
  };
  // Each level's area up to `until`, then a fresh interval.
  const auto mean = [&](Level& l) {
    l.area_ns +=
        static_cast<double>(l.level) * static_cast<double>((until - max(l.since, start_)).ns());
    const double m = length_ns > 0 ? l.area_ns / length_ns : 0.0;
    l.area_ns = 0;
    l.since = until;
    return m;
  };
  SeriesRow row;
  row.start_s = start_.seconds();
  row.length_s = length_s;
  row.arrivals = arrivals_;
  row.completed = completed_;
  row.rejected = rejected_;
  row.failed = failed_;
  row.timed_out = timed_out_;
  row.in_flight = in_flight_;
  row.throughput_rps = rate(completed_);
  row.latency_mean_ms = latency_.mean() / 1e6;
  row.latency_p50_ms = latency_.quantile(0.50) / 1e6;
  row.latency_p99_ms = latency_.quantile(0.99) / 1e6;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    NodeRow& n = nodes_[i];
    const model::Node& spec = model_.nodes[i];
    SeriesRow::NodeFigures f;
    f.throughput_rps = rate(n.completed);
    const double cores = static_cast<double>(spec.machine.cores * spec.instances);
    f.cpu = cores > 0 ? mean(n.busy) / cores : 0.0;
    f.queue_mean = mean(n.waiting);
    f.in_node_mean = mean(n.in_node);
    n.completed = 0;
    row.nodes.push_back(f);
  }
  series_.rows.push_back(std::move(row));
  arrivals_ = completed_ = rejected_ = failed_ = timed_out_ = 0;
  latency_ = LatencyHistogram();
}

void SeriesRecorder::request_created(SimTime now) {
  roll(now);
  ++arrivals_;
  ++in_flight_;
}

void SeriesRecorder::request_finished(Outcome outcome, SimTime created, SimTime now) {
  roll(now);
  --in_flight_;
  switch (outcome) {
    case Outcome::completed:
      ++completed_;
      latency_.record((now - created).ns());
      break;
    case Outcome::rejected:
      ++rejected_;
      break;
    case Outcome::failed:
      ++failed_;
      break;
    case Outcome::timed_out:
      ++timed_out_;
      break;
  }
}

void SeriesRecorder::visit_started(model::NodeId node, SimTime now) {
  add(nodes_[node].in_node, now, +1);
}

void SeriesRecorder::visit_finished(model::NodeId node, Outcome outcome, SimTime now) {
  add(nodes_[node].in_node, now, -1);
  if (outcome == Outcome::completed) ++nodes_[node].completed;
}

void SeriesRecorder::busy_cores_changed(model::NodeId node, SimTime now, std::int64_t delta) {
  add(nodes_[node].busy, now, delta);
}

void SeriesRecorder::waiting_changed(model::NodeId node, SimTime now, std::int64_t delta) {
  add(nodes_[node].waiting, now, delta);
}

Series SeriesRecorder::finish(SimTime end) {
  roll(end);
  if (end > start_) close(end);
  return std::move(series_);
}

}  // namespace tiersim
