// A queued system built in C++ for the queue tests: open clients publish
// to `front`, which returns at once; the queue `jobs` hands the messages to
// the `workers` service.
#pragma once

#include <string>
#include <utility>

#include "theory_support.hpp"

namespace theory {

inline constexpr model::NodeId kFront = 0, kQueue = 1, kWorkers = 2;

// A queue node whose messages `consumers` works through, `slots` at a time
// per instance.
inline model::Node queue_node(std::string name, model::NodeId consumers, std::int64_t slots = 1) {
  model::Node queue;
  queue.name = std::move(name);
  queue.kind = "queue";
  queue.handlers = {std::nullopt};
  model::QueueSpec spec;
  spec.consumers = consumers;
  spec.concurrency = slots;
  queue.queue = spec;
  return queue;
}

// `slots` consumer slots on one workers instance with as many cores: a
// delivered message never waits for a core.
inline model::Model queued(double rate, std::int64_t slots, model::Handler worker_steps,
                           SimTime warmup, SimTime duration) {
  model::Node front = service("front", 1, {});
  model::CallStep publish{kQueue, 0, 0};
  front.handlers = {model::Handler{model::Step{publish, "publish"}}};
  model::Node queue = queue_node("jobs", kWorkers, slots);
  model::Node workers = service("workers", slots, std::move(worker_steps));
  return make_model({front, queue, workers}, {open_client(rate, kFront)}, warmup, duration);
}

}  // namespace theory
