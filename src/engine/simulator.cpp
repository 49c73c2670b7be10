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
    if (max_events_ && events_executed_ >= *max_events_) {
      halt(fmt::format("event limit reached: {} events executed by t={:.6f}s (--max-events)",
                       events_executed_, now_.seconds()));
      return Stop::halted;
    }
    if (watchdog_ && --watchdog_countdown_ == 0) {
      watchdog_countdown_ = watchdog_every_;
      if (auto reason = watchdog_()) {
        halt(std::move(*reason));
        return Stop::halted;
      }
    }
    auto event = queue_.pop();
    if (event.time < now_) {
      // The queue orders by time and nothing is scheduled in the past: a
      // model or queue bug, never a property of the scenario.
      halt(fmt::format("broken invariant: an event at t={:.9f}s came after t={:.9f}s",
                       event.time.seconds(), now_.seconds()));
      return Stop::halted;
    }
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
