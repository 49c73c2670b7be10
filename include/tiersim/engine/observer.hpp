// Observer: what models announce. Models emit, metrics observe: a model
// never computes a statistic or formats output, it reports what happened and
// when, and an Observer (the metrics collector, a trace writer) decides what
// to keep.
#pragma once

#include <cstdint>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/request.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

// Quantities of a node whose level changes over time, summed over its
// instances.
enum class Gauge {
  cores_busy,    // cores running a cpu step
  memory_bytes,  // memory held by requests
  waiting,       // requests waiting for memory or a core
  nic_tx,        // NIC transmit side busy (1 per busy instance)
  nic_rx,        // NIC receive side busy
};

class Observer {
 public:
  virtual ~Observer() = default;

  virtual void request_created(const Request& r) = 0;
  // Exactly once per request, when its client learns the outcome.
  virtual void request_finished(const Request& r, Outcome outcome, SimTime now) = 0;
  // A request left node `node`: its reply (or rejection) has left the node at
  // `left`, having arrived at `arrived`.
  virtual void visit_finished(model::NodeId node, const Request& r, SimTime arrived, SimTime left,
                              Outcome outcome) = 0;
  // Node `node` turned the request away on arrival (its waiting room was
  // full). visit_finished follows with Outcome::rejected.
  virtual void rejected_at(model::NodeId node, const Request& r, SimTime now) = 0;
  // The gauge of `node` changed by `delta` at `now`.
  virtual void level_changed(model::NodeId node, Gauge gauge, SimTime now, std::int64_t delta) = 0;
  // The gauge of `node` is 1 higher during [start, end) (used where the end
  // is known in advance, as for a NIC transfer).
  virtual void busy_interval(model::NodeId node, Gauge gauge, SimTime start, SimTime end) = 0;
};

}  // namespace tiersim
