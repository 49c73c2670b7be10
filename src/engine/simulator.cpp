#include "tiersim/engine/simulator.hpp"

#include <fmt/core.h>

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
    events_at_now_ = event.time == now_ ? events_at_now_ + 1 : 1;
    now_ = event.time;
    ++events_executed_;
    if (events_at_now_ > max_events_per_instant_) {
      halt(
          fmt::format("simulated time stopped advancing at t={:.9f}s: more than {} events at one "
                      "instant (are requests taking no time while closed-loop users have zero "
                      "think time?)",
                      now_.seconds(), max_events_per_instant_));
      return Stop::halted;
    }
    event.action();
  }
  return Stop::halted;
}

void Simulator::halt(std::string reason) {
  if (!halt_reason_) halt_reason_ = std::move(reason);
}

}  // namespace tiersim
