// QueueNode: a durable message queue (SQS-like) between producers and a
// fleet of consumers (model::QueueSpec).
//
// A `publish` step calls the queue: the message is stored (after `persist`)
// and the publisher's call completes; it does not wait for the job. Stored
// messages wait in order until a consumer slot is free: each instance of
// the consumers service takes up to `concurrency` messages at once, and a
// waiting slot takes a message the moment one is visible (long polling).
// A delivery sends the message to the consumer instance, whose handler for
// the message's class does the job:
// - completed: the message is deleted and its job is done (job latency:
//   from publish to done);
// - failed or rejected: the message stays hidden until its visibility
//   timeout, counted from the delivery, and is delivered again then;
// - not back within the visibility timeout: it becomes visible and may be
//   delivered again while the first consumer is still at it (at-least-once
//   delivery: a late completion of an older delivery completes the job, and
//   a second one is counted as a duplicate).
// After `max_receives` deliveries a message that comes back is moved to the
// dead-letter queue, or dropped without one (both counted as dead-lettered).
// A standard queue delivers in publish order, redelivered messages at the
// back, as many at once as there are free slots. A FIFO queue keeps each
// message group (the publishing user) in order and one at a time: a
// group's next message waits until the one before is done or dead-
// lettered, and a message whose visibility timeout passes goes back to the
// front of its group.
//
// The queue's depth (visible messages) is its `waiting` gauge. Publishing
// beyond `capacity` messages held (visible or in flight) is rejected, or,
// with `when_full: block`, waits (its publisher's call not answered) until
// a message is done, in arrival order. The broker spends `message_cpu` of
// one core of the instance a message arrived at to store it, and of
// instance 0 to hand it out; cores are granted first come, first served.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "tiersim/components/core_pool.hpp"
#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/nic.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class QueueNode final : public Endpoint, public ReplySink {
 public:
  // How long a consumer slot whose delivery was refused at once waits
  // before it receives again.
  static constexpr SimTime kRefusedSlotRest = SimTime::from_seconds(1);

  QueueNode(World& world, model::NodeId id);

  model::NodeId id() const override { return id_; }
  std::uint32_t instance_count() const override { return static_cast<std::uint32_t>(nics_.size()); }
  std::uint32_t next_instance() override;
  Nic* nic(std::uint32_t instance) override { return nics_[instance].get(); }
  // A publish: `bytes` is the message's size.
  void receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
               ReplyTo reply_to) override;
  // A consumer's verdict on a delivery.
  void on_reply(std::uint64_t token, Outcome outcome) override;

  // A message another queue dead-lettered into this one.
  void accept_dead_letter(const Request& job, std::int64_t bytes);

 private:
  struct Message {
    RequestHandle job = 0;  // this queue's own copy of the publishing request
    SimTime published;
    std::int64_t bytes = 0;
    std::int64_t receives = 0;   // deliveries so far
    std::int64_t in_flight = 0;  // deliveries not yet answered
    std::uint64_t receipt = 0;   // the latest delivery's, unique in the run
    bool visible = false;        // waiting to be delivered
    std::int64_t in_line = 0;    // entries in visible_ that name it (stale ones are skipped)
    bool done = false;           // completed or dead-lettered
    bool dead = false;           // dead-lettered
    std::uint64_t group = 0;     // FIFO: the publishing request's user
  };
  // FIFO: a group's messages in line, and whether one of them is out.
  struct Group {
    std::deque<std::uint32_t> line;
    bool busy = false;
    std::uint32_t out = 0;  // the message that is out, while busy
    bool ready = false;     // listed in ready_
  };
  struct Delivery {
    std::uint32_t message = 0;
    std::uint32_t consumer = 0;  // instance of the consumers node
    SimTime sent;
  };

  struct Publish {
    // A copy: the publisher's request may be released (its instance failed)
    // while the publish waits for room, a core or its durable write.
    Request request;
    std::uint32_t instance = 0;
    std::int64_t bytes = 0;
    ReplyTo reply_to;
    SimTime arrived;
  };
  void accept(const Publish& p);
  void admit_blocked();
  // Runs `then` after `message_cpu` on a core of broker `instance`.
  void on_core(std::uint32_t instance, Action then);
  void store(const Request& job, std::int64_t bytes);
  void dispatch();
  void deliver(std::uint32_t m, std::uint32_t consumer);
  void visibility_timeout(std::uint32_t m, std::uint64_t receipt);
  void dead_letter(std::uint32_t m);
  void make_visible(std::uint32_t m, bool front = false);
  void mark_ready(std::uint64_t group);
  // FIFO: message `m`, the one out of its group, is done or back in line.
  void group_free(std::uint32_t m);
  void hide(std::uint32_t m);
  void release_if_finished(std::uint32_t m);

  World& world_;
  model::NodeId id_;
  const model::Node& node_;
  const model::QueueSpec& spec_;
  std::vector<std::unique_ptr<Nic>> nics_;  // one per broker instance (nullptr: not modeled)
  std::uint32_t round_robin_ = 0;
  SlotPool<Message> messages_;
  SlotPool<Delivery> deliveries_;
  std::deque<std::uint32_t> visible_;                // standard; may hold done messages, skipped
  std::unordered_map<std::uint64_t, Group> groups_;  // FIFO
  std::deque<std::uint64_t> ready_;                  // FIFO: groups that may send one
  std::deque<std::uint32_t> free_slots_;             // consumer instance of each free slot
  std::int64_t held_ = 0;                            // messages not done: visible or in flight
  std::uint64_t next_receipt_ = 1;
  std::deque<Publish> blocked_;                     // publishes waiting for room (when_full: block)
  std::vector<std::unique_ptr<CorePool>> brokers_;  // the cores of each broker instance
  RandomStream cpu_stream_;
};

}  // namespace tiersim
