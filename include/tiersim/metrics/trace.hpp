// TraceRecorder: the spans of a sample of requests (--trace), for a
// timeline viewer.
//
// The sample is the first `requests` client requests created in the
// measured window, in serial order, and with each everything that works for
// it: its retries and the jobs its handlers published to queues (by
// Request::origin). For each, the recorder keeps the request span (creation
// to outcome), a span per visit of a node (arrival to when the reply has
// left it) and a span per wait (in a service's queue, or a message's in a
// queue's line). Memory is bounded: past kMaxSpans spans the trace is
// marked truncated and keeps no more.
#pragma once

#include <cstdint>
#include <unordered_set>

#include "tiersim/engine/request.hpp"
#include "tiersim/metrics/result.hpp"

namespace tiersim {

class TraceRecorder {
 public:
  static constexpr std::size_t kMaxSpans = 1'000'000;

  explicit TraceRecorder(std::int64_t requests, std::size_t max_spans = kMaxSpans)
      : limit_(requests), max_spans_(max_spans) {}

  void request_created(const Request& r);
  void request_finished(const Request& r, Outcome outcome, SimTime now);
  void visit_finished(model::NodeId node, std::uint32_t instance, const Request& r, SimTime arrived,
                      SimTime left, Outcome outcome);
  void visit_waited(model::NodeId node, std::uint32_t instance, const Request& r, SimTime from,
                    SimTime to);
  Trace finish() { return std::move(trace_); }

 private:
  bool traced(const Request& r) const { return sampled_.count(r.origin ? r.origin : r.serial) > 0; }
  void add(const TraceSpan& span);
  static TraceSpan at_node(TraceSpan::Kind kind, model::NodeId node, std::uint32_t instance,
                           const Request& r, SimTime start, SimTime end, std::string_view outcome);

  std::int64_t limit_;
  std::size_t max_spans_;
  std::unordered_set<std::uint64_t> sampled_;
  Trace trace_;
};

std::string_view outcome_name(Outcome outcome);

}  // namespace tiersim
