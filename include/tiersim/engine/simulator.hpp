// Simulator: the kernel of a run. Owns the clock, the event queue and the
// scenario seed from which every random stream is derived.
//
// A Simulator is a value: two can run side by side in one process (there is
// no global state). Models schedule actions; run_until() executes them in
// (time, sequence) order and advances the clock to each event's time.
//
// Invariant: now() never decreases; an action is never scheduled in the past.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tiersim/core/random.hpp"
#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/event_queue.hpp"

namespace tiersim {

class Simulator {
 public:
  explicit Simulator(std::uint64_t seed) : seed_(seed) {}

  SimTime now() const { return now_; }
  std::uint64_t seed() const { return seed_; }

  // Requires: at >= now().
  EventId schedule_at(SimTime at, Action action);
  EventId schedule_in(SimTime delay, Action action) {
    return schedule_at(now_ + delay, std::move(action));
  }
  bool cancel(EventId id) { return queue_.cancel(id); }

  // The stream of (seed, component, purpose); see random.hpp.
  RandomStream stream(std::string_view component, std::string_view purpose) const {
    return RandomStream(seed_, component, purpose);
  }

  enum class Stop { reached_time, no_more_events, halted };
  // Runs every event with time <= until, then sets the clock to `until`
  // (unless halted earlier). Returns why it stopped.
  Stop run_until(SimTime until);

  // Stops the run after the current event; the reason is kept for the report.
  void halt(std::string reason);
  const std::optional<std::string>& halt_reason() const { return halt_reason_; }

  // A run in which time stops advancing (say, closed-loop users with zero
  // think time whose requests take no time) would never end: after this many
  // events at one instant the run halts with a reason.
  static constexpr std::uint64_t kDefaultMaxEventsPerInstant = 5'000'000;
  void set_max_events_per_instant(std::uint64_t n) { max_events_per_instant_ = n; }

  // Halts the run once `n` events have run (a deterministic budget).
  void set_max_events(std::uint64_t n) { max_events_ = n; }
  // Calls `check` after every `every` events; a reason it returns halts the
  // run. For limits that are not simulated quantities (wall-clock time,
  // memory), which therefore make a run's end depend on the machine.
  using Watchdog = std::function<std::optional<std::string>()>;
  void set_watchdog(std::uint64_t every, Watchdog check) {
    watchdog_every_ = every;
    watchdog_countdown_ = every;
    watchdog_ = std::move(check);
  }

  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t pending_events() const { return queue_.size(); }

 private:
  std::uint64_t seed_;
  SimTime now_ = SimTime::zero();
  EventQueue queue_;
  std::uint64_t events_executed_ = 0;
  std::uint64_t events_at_now_ = 0;
  std::uint64_t max_events_per_instant_ = kDefaultMaxEventsPerInstant;
  std::optional<std::uint64_t> max_events_;
  std::uint64_t watchdog_every_ = 0, watchdog_countdown_ = 0;
  Watchdog watchdog_;
  std::optional<std::string> halt_reason_;
};

}  // namespace tiersim
