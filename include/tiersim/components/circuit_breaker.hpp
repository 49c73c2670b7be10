// CircuitBreaker: a client's guard against a target that keeps failing.
//
// closed: attempts go through; `failures` failed attempts in a row (failed,
//   rejected or timed out; a success resets the count) open it.
// open: every attempt fails at once, without being sent, until `open_for`
//   has passed; then it is half-open.
// half-open: `probes` attempts go through, the others fail at once; if the
//   probes all succeed it closes, and any failure opens it again.
//
// Attempts it fails at once never reach the target, so they neither load it
// nor count as failures of it.
#pragma once

#include <cstdint>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/request.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };

  explicit CircuitBreaker(const model::CircuitBreakerPolicy& policy) : policy_(policy) {}

  // Whether an attempt may be sent at `now`; a half-open probe is counted.
  bool allow(SimTime now);
  // The outcome of an attempt that was sent. Returns true when this outcome
  // opened the breaker.
  bool record(Outcome outcome, SimTime now);

  State state() const { return state_; }
  std::int64_t times_opened() const { return opened_; }

 private:
  void open(SimTime now);

  model::CircuitBreakerPolicy policy_;
  State state_ = State::closed;
  std::int64_t failures_ = 0;          // in a row, while closed
  SimTime open_until;                  // while open
  std::int64_t probes_sent_ = 0;       // while half-open
  std::int64_t probes_succeeded_ = 0;  // while half-open
  std::int64_t opened_ = 0;
};

}  // namespace tiersim
