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

// What happened to the sessions a service keeps in instance memory.
enum class SessionEvent {
  created,  // a new session stored with its first request
  found,    // a request found its session on the instance
  miss,     // a request found its session missing on the instance
  lost,     // a stored session destroyed by its instance going down
  expired,  // a stored session dropped after session_timeout idle
  evicted,  // a stored session dropped to make room in a full memory
};

// What happened to a message of a queue.
enum class QueueEvent {
  published,      // stored (after its durable write)
  rejected,       // a publish refused: the queue held `capacity` messages
  delivered,      // sent to a consumer for the first time (age: since published)
  redelivered,    // sent again, after a failure or a visibility timeout (age: idem)
  completed,      // its job done (age: from publish to done)
  duplicate,      // a second completion of a job already done
  dead_lettered,  // moved to the dead-letter queue, or dropped, after max_receives
  received,       // a consumer slot's receive call returned messages
  empty_receive,  // a receive call returned none (its wait was over, or a short poll)
  deleted,        // a consumer deleted a message it had done (duplicates too)
};

class Observer {
 public:
  virtual ~Observer() = default;

  virtual void request_created(const Request& r) = 0;
  // Exactly once per request, when its client learns the outcome.
  virtual void request_finished(const Request& r, Outcome outcome, SimTime now) = 0;
  // The client gave up waiting for an attempt of `r` (its timeout).
  virtual void attempt_timed_out(const Request& r, SimTime now) = 0;
  // The client sends another attempt of `r`, after a failed one.
  virtual void retried(const Request& r, SimTime now) = 0;
  // The client's circuit breaker failed an attempt of `r` at once, unsent.
  virtual void short_circuited(const Request& r, SimTime now) = 0;
  // Client `client`'s circuit breaker opened.
  virtual void breaker_opened(std::uint32_t client, SimTime now) = 0;
  // Something happened to a message of queue `queue` at `now`; `age` as the
  // event says (zero where it says nothing).
  virtual void queue_event(model::NodeId queue, QueueEvent event, SimTime now, SimTime age) = 0;
  // A call to queue `queue` (a publish, receive or delete) counts as
  // `requests` billed requests: one per 64 KiB of its payload, at least one.
  virtual void queue_requests(model::NodeId queue, std::int64_t requests, SimTime now) = 0;
  // A request arrived at instance `instance` of node `node`. A visit that
  // starts finishes (visit_finished) exactly once, unless the run ends
  // first.
  virtual void visit_started(model::NodeId node, std::uint32_t instance, const Request& r,
                             SimTime now) = 0;
  // A request left node `node`: at `now` the node let go of it, and its
  // reply (or rejection) finishes leaving the node at `left` (>= now, later
  // by the time the reply takes on the node's NIC); it arrived at `arrived`.
  virtual void visit_finished(model::NodeId node, std::uint32_t instance, const Request& r,
                              SimTime arrived, SimTime now, SimTime left, Outcome outcome) = 0;
  // `r` waited at instance `instance` of `node` from `from` to `to`: in a
  // service's queue for memory or a core, or, a queue's message, visible
  // in the queue's line until a consumer received it.
  virtual void visit_waited(model::NodeId node, std::uint32_t instance, const Request& r,
                            SimTime from, SimTime to) = 0;
  // Node `node` turned the request away on arrival (its waiting room was
  // full). visit_finished follows with Outcome::rejected.
  virtual void rejected_at(model::NodeId node, const Request& r, SimTime now) = 0;
  // Node `node`'s rate limiter turned the request away (a 429); rejected_at
  // and visit_finished follow.
  virtual void rate_limited(model::NodeId node, const Request& r, SimTime now) = 0;
  // The gauge of instance `instance` of `node` changed by `delta` at `now`.
  virtual void level_changed(model::NodeId node, std::uint32_t instance, Gauge gauge, SimTime now,
                             std::int64_t delta) = 0;
  // The gauge of `node` is 1 higher during [start, end) (used where the end
  // is known in advance, as for a NIC transfer).
  virtual void busy_interval(model::NodeId node, Gauge gauge, SimTime start, SimTime end) = 0;

  // `count` sessions of `node` went through `event` at `now`.
  virtual void session_event(model::NodeId node, SessionEvent event, SimTime now,
                             std::int64_t count) = 0;
  // An instance went down (an outage) or came back.
  virtual void instance_changed(model::NodeId node, std::uint32_t instance, bool up,
                                SimTime now) = 0;
  // Load balancer `lb` took a backend instance out of service (healthy =
  // false) or put it back, on the evidence of its health checks.
  virtual void backend_health_changed(model::NodeId lb, model::NodeId node, std::uint32_t instance,
                                      bool healthy, SimTime now) = 0;
  // Load balancer `lb` accepted a client connection.
  virtual void connection_opened(model::NodeId lb, SimTime now) = 0;
  // A request that `lb` forwarded to a backend that was down (its health
  // checks had not caught it yet, or it has none) came back failed.
  virtual void failed_at_backend(model::NodeId lb, SimTime now) = 0;
  // `bytes` of requests or responses passed through load balancer `lb`.
  virtual void bytes_processed(model::NodeId lb, SimTime now, std::int64_t bytes) = 0;
};

}  // namespace tiersim
