#include "tiersim/components/health_checker.hpp"

namespace tiersim {

HealthChecker::HealthChecker(World& world, const model::HealthCheck& spec,
                             std::vector<Target> targets, OnChange on_change)
    : world_(world), spec_(spec), on_change_(std::move(on_change)) {
  states_.reserve(targets.size());
  for (const Target& t : targets) states_.push_back(State{t});
}

void HealthChecker::start() {
  const auto n = static_cast<std::int64_t>(states_.size());
  for (std::int64_t k = 0; k < n; ++k) {
    // interval * k / n without overflow for long intervals.
    const std::int64_t interval = spec_.interval.ns();
    const std::int64_t offset = interval / n * k + interval % n * k / n;
    world_.sim.schedule_at(SimTime::from_ns(offset),
                           [this, k] { probe(static_cast<std::size_t>(k)); });
  }
}

void HealthChecker::probe(std::size_t k) {
  const Target& t = states_[k].target;
  if (world_.node(t.node).up(t.instance)) {
    record(k, true);
  } else {
    world_.sim.schedule_in(spec_.timeout, [this, k] { record(k, false); });
  }
  world_.sim.schedule_in(spec_.interval, [this, k] { probe(k); });
}

void HealthChecker::record(std::size_t k, bool passed) {
  State& s = states_[k];
  if (passed) {
    s.failures = 0;
    ++s.passes;
    if (!s.healthy && s.passes >= spec_.healthy_threshold) {
      s.healthy = true;
      on_change_(k, true);
    }
  } else {
    s.passes = 0;
    ++s.failures;
    if (s.healthy && s.failures >= spec_.unhealthy_threshold) {
      s.healthy = false;
      on_change_(k, false);
    }
  }
}

}  // namespace tiersim
