// SeriesRecorder: the run cut into intervals of equal length, each a row of
// figures (`tiersim run --series FILE --interval D`), so that a spike, a
// backlog or a failure can be seen as it happens rather than averaged away.
//
// Rows cover the whole run, warm-up included, from t = 0. The recorder
// rolls intervals forward as events report their times, so it adds no
// events of its own: a run with a series executes the same events, in the
// same order, as one without. Memory: one row per interval (bounded by
// kMaxSeriesRows) plus O(nodes) running state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/request.hpp"
#include "tiersim/metrics/latency_histogram.hpp"
#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

inline constexpr std::int64_t kMaxSeriesRows = 1'000'000;

class SeriesRecorder {
 public:
  SeriesRecorder(const model::Model& model, SimTime interval);

  void request_created(SimTime now);
  void request_finished(Outcome outcome, SimTime created, SimTime now);
  void visit_started(model::NodeId node, SimTime now);
  void visit_finished(model::NodeId node, Outcome outcome, SimTime now);
  void busy_cores_changed(model::NodeId node, SimTime now, std::int64_t delta);
  void waiting_changed(model::NodeId node, SimTime now, std::int64_t delta);

  // Closes every interval that starts before `end` (the last one may be
  // shorter) and returns the rows.
  Series finish(SimTime end);

 private:
  struct Level {
    std::int64_t level = 0;
    SimTime since;       // when `level` last changed (or the interval began)
    double area_ns = 0;  // level x time in the current interval, up to `since`
  };
  struct NodeRow {
    std::int64_t completed = 0;
    Level busy, waiting, in_node;
  };
  void roll(SimTime now);
  void close(SimTime until);
  void add(Level& l, SimTime now, std::int64_t delta);

  const model::Model& model_;
  SimTime interval_;
  SimTime start_ = SimTime::zero();  // of the current interval
  std::int64_t arrivals_ = 0, completed_ = 0, rejected_ = 0, failed_ = 0, timed_out_ = 0;
  std::int64_t in_flight_ = 0;
  LatencyHistogram latency_;
  std::vector<NodeRow> nodes_;
  Series series_;
};

}  // namespace tiersim
