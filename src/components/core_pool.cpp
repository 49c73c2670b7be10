#include "tiersim/components/core_pool.hpp"

namespace tiersim {

CorePool::CorePool(World& world, model::NodeId node, std::uint32_t instance, std::int64_t cores,
                   bool count_waiting)
    : world_(&world),
      node_(node),
      instance_(instance),
      free_(cores),
      count_waiting_(count_waiting) {}

void CorePool::set_waiting(std::int64_t delta) {
  if (count_waiting_)
    world_->observer.level_changed(node_, instance_, Gauge::waiting, world_->sim.now(), delta);
}

void CorePool::run(SimTime work, Action then) {
  if (free_ > 0 && waiting_.empty()) {
    start(work, std::move(then));
    return;
  }
  waiting_.emplace_back(work, std::move(then));
  set_waiting(+1);
}

void CorePool::start(SimTime work, Action then) {
  --free_;
  world_->observer.level_changed(node_, instance_, Gauge::cores_busy, world_->sim.now(), +1);
  world_->sim.schedule_in(work, [this, then = std::move(then)]() mutable {
    ++free_;
    world_->observer.level_changed(node_, instance_, Gauge::cores_busy, world_->sim.now(), -1);
    if (!waiting_.empty()) {
      auto next = std::move(waiting_.front());
      waiting_.pop_front();
      set_waiting(-1);
      start(next.first, std::move(next.second));
    }
    then();
  });
}

}  // namespace tiersim
