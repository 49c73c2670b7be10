#include "tiersim/metrics/trace.hpp"

namespace tiersim {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::completed:
      return "completed";
    case Outcome::rejected:
      return "rejected";
    case Outcome::failed:
      return "failed";
    case Outcome::timed_out:
      return "timed_out";
  }
  return "unknown";
}

void TraceRecorder::request_created(const Request& r) {
  if (!r.measured || r.origin != 0 || trace_.requests >= limit_) return;
  sampled_.insert(r.serial);
  ++trace_.requests;
}

void TraceRecorder::request_finished(const Request& r, Outcome outcome, SimTime now) {
  if (!traced(r)) return;
  TraceSpan s;
  s.kind = TraceSpan::Kind::request;
  s.serial = r.serial;
  s.client = r.client;
  s.request_class = r.request_class;
  s.start_ns = r.created.ns();
  s.end_ns = now.ns();
  s.outcome = outcome_name(outcome);
  add(s);
}

void TraceRecorder::visit_finished(model::NodeId node, std::uint32_t instance, const Request& r,
                                   SimTime arrived, SimTime left, Outcome outcome) {
  if (traced(r))
    add(at_node(TraceSpan::Kind::visit, node, instance, r, arrived, left, outcome_name(outcome)));
}

void TraceRecorder::visit_waited(model::NodeId node, std::uint32_t instance, const Request& r,
                                 SimTime from, SimTime to) {
  if (traced(r) && to != from) add(at_node(TraceSpan::Kind::wait, node, instance, r, from, to, {}));
}

TraceSpan TraceRecorder::at_node(TraceSpan::Kind kind, model::NodeId node, std::uint32_t instance,
                                 const Request& r, SimTime start, SimTime end,
                                 std::string_view outcome) {
  TraceSpan s;
  s.kind = kind;
  s.serial = r.serial;
  s.origin = r.origin;
  s.client = r.client;
  s.request_class = r.request_class;
  s.node = node;
  s.instance = instance;
  s.start_ns = start.ns();
  s.end_ns = end.ns();
  s.outcome = outcome;
  return s;
}

void TraceRecorder::add(const TraceSpan& span) {
  if (trace_.spans.size() >= max_spans_) {
    trace_.truncated = true;
    return;
  }
  trace_.spans.push_back(span);
}

}  // namespace tiersim
