#include "tiersim/components/circuit_breaker.hpp"

namespace tiersim {

bool CircuitBreaker::allow(SimTime now) {
  if (state_ == State::open) {
    if (now < open_until) return false;
    state_ = State::half_open;
    probes_sent_ = probes_succeeded_ = 0;
  }
  if (state_ == State::half_open) {
    if (probes_sent_ >= policy_.probes) return false;
    ++probes_sent_;
  }
  return true;
}

bool CircuitBreaker::record(Outcome outcome, SimTime now) {
  const bool success = outcome == Outcome::completed;
  switch (state_) {
    case State::closed:
      failures_ = success ? 0 : failures_ + 1;
      if (failures_ >= policy_.failures) {
        open(now);
        return true;
      }
      return false;
    case State::half_open:
      if (!success) {
        open(now);
        return true;
      }
      if (++probes_succeeded_ >= policy_.probes) {
        state_ = State::closed;
        failures_ = 0;
      }
      return false;
    case State::open:
      // A late outcome of an attempt sent before the breaker opened.
      return false;
  }
  return false;
}

void CircuitBreaker::open(SimTime now) {
  state_ = State::open;
  open_until = now + policy_.open_for;
  failures_ = 0;
  ++opened_;
}

}  // namespace tiersim
