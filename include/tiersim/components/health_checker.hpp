// HealthChecker: a load balancer's active health checks of its backends.
//
// Each target is probed every `interval`, the probes of different targets
// staggered evenly over the interval (target k of n first at interval*k/n).
// A probe of an instance that is up passes at once; one of an instance that
// is down fails when its `timeout` expires. A healthy target is declared
// unhealthy after `unhealthy_threshold` failures in a row, an unhealthy one
// healthy after `healthy_threshold` passes in a row; every target starts
// healthy. So an instance that goes down at t is taken out at the
// unhealthy_threshold-th probe after t, plus the timeout: between
// (threshold - 1) * interval + timeout and threshold * interval + timeout
// after it failed.
#pragma once

#include <functional>
#include <vector>

#include "tiersim/components/world.hpp"

namespace tiersim {

class HealthChecker {
 public:
  struct Target {
    model::NodeId node = 0;
    std::uint32_t instance = 0;
  };
  using OnChange = std::function<void(std::size_t target, bool healthy)>;

  HealthChecker(World& world, const model::HealthCheck& spec, std::vector<Target> targets,
                OnChange on_change);
  // Schedules the first probe of every target.
  void start();

 private:
  struct State {
    Target target;
    bool healthy = true;
    std::int64_t passes = 0, failures = 0;  // in a row
  };
  void probe(std::size_t k);
  void record(std::size_t k, bool passed);

  World& world_;
  const model::HealthCheck& spec_;
  std::vector<State> states_;
  OnChange on_change_;
};

}  // namespace tiersim
