// CorePool: the cores of one instance, granted first come, first served.
//
// run() takes a core for `work` and then calls its continuation; work that
// finds every core busy waits in arrival order. A freed core goes to the
// longest waiter before the continuation of the work that freed it runs.
// Busy cores are reported as the node's cores_busy gauge and, where the
// node counts them (`count_waiting`), waiting work as its waiting gauge.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

#include "tiersim/components/world.hpp"

namespace tiersim {

class CorePool {
 public:
  CorePool(World& world, model::NodeId node, std::uint32_t instance, std::int64_t cores,
           bool count_waiting);

  void run(SimTime work, Action then);

 private:
  void start(SimTime work, Action then);
  void set_waiting(std::int64_t delta);

  World* world_;
  model::NodeId node_;
  std::uint32_t instance_;
  std::int64_t free_;
  bool count_waiting_;
  std::deque<std::pair<SimTime, Action>> waiting_;
};

}  // namespace tiersim
