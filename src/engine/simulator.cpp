#include "tiersim/engine/simulator.hpp"

#include <cassert>

namespace tiersim {

EventId Simulator::schedule_at(SimTime at, Action action) {
  assert(at >= now_);
  return queue_.push(at, std::move(action));
}

Simulator::Stop Simulator::run_until(SimTime until) {
  while (!halt_reason_) {
    const auto next = queue_.next_time();
    if (!next) {
      now_ = max(now_, until);
      return Stop::no_more_events;
    }
    if (*next > until) {
      now_ = until;
      return Stop::reached_time;
    }
    auto event = queue_.pop();
    now_ = event.time;
    ++events_executed_;
    event.action();
  }
  return Stop::halted;
}

void Simulator::halt(std::string reason) {
  if (!halt_reason_) halt_reason_ = std::move(reason);
}

}  // namespace tiersim
