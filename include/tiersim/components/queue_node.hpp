// QueueNode: a durable message queue (SQS-like) between producers and a
// fleet of consumers (model::QueueSpec).
//
// A `publish` step calls the queue: the message is stored (after `persist`)
// and the publisher's call completes; it does not wait for the job. Stored
// messages wait in order until a consumer slot receives them. Each instance
// of the consumers service has `concurrency` slots; a slot is a receive
// loop (a worker thread): it receives up to `receive_batch` messages in one
// call and works through them one after another, then receives again. A
// receive waits up to `receive_wait` for a message (long polling: it
// returns the moment one is visible, or empty when the wait is over and
// asks again at once); with no wait (short polling) it returns at once,
// and a slot that got nothing asks again `poll_interval` later. The
// visibility timeout of every message of a batch runs from when the receive
// returns (after the broker's CPU for the batch), so
// the last of a batch may time out while it waits its turn in the slot.
// A delivery sends one message to the consumer instance, whose handler for
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
// back. A FIFO queue keeps each message group (the publishing user) in
// order: a receive takes the first ready group's messages (up to the
// batch, then the next group's), and a group's later messages wait until
// those are done or dead-lettered; a message whose visibility timeout
// passes goes back into its group in publish order.
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
    std::uint64_t seq = 0;  // publish order, unique in the queue
    std::int64_t bytes = 0;
    std::int64_t receives = 0;   // deliveries so far
    std::int64_t in_flight = 0;  // deliveries not yet answered
    std::uint64_t receipt = 0;   // the latest delivery's, unique in the run
    bool visible = false;        // waiting to be delivered
    SimTime visible_since;       // while visible: since when
    std::int64_t in_line = 0;    // entries in visible_ that name it (stale ones are skipped)
    bool done = false;           // completed or dead-lettered
    bool dead = false;           // dead-lettered
    std::uint64_t group = 0;     // FIFO: the publishing request's user
    bool out_of_group = false;   // FIFO: received, and its group waits for it
  };
  // FIFO: a group's messages in line (publish order), and how many of its
  // messages are out; while any is, the group sends no more.
  struct Group {
    std::deque<std::uint32_t> line;
    std::int64_t out = 0;
    bool ready = false;  // listed in ready_
  };
  // A consumer slot: one receive loop on an instance of the consumers.
  struct Poller {
    std::uint32_t consumer = 0;        // instance of the consumers node
    std::vector<std::uint32_t> batch;  // the messages of its last receive
    std::size_t next = 0;              // batch[next..] have not been started
    SimTime polling_since;             // long polling: when its current receive began
    bool idle = false;                 // long polling, listed in idle_
    bool timer = false;                // a wait_over event is pending
  };
  struct Delivery {
    std::uint32_t message = 0;
    std::uint32_t poller = 0;
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
  // Runs `then` after `message_cpu` for each of `messages` messages on a
  // core of broker `instance`.
  void on_core(std::uint32_t instance, std::size_t messages, Action then);
  void store(const Request& job, std::int64_t bytes);
  // Hands messages to idle long-polling slots while both are there.
  void dispatch();
  // Slot `p`, its batch worked through, receives again.
  void poll(std::uint32_t p);
  // Long polling: the wait of slot `p`'s receive may be over.
  void arm_wait(std::uint32_t p);
  void wait_over(std::uint32_t p);
  // Receives for slot `p` what is visible, up to a batch; false if nothing.
  bool take(std::uint32_t p);
  void take_fifo(std::vector<std::uint32_t>& batch);
  void hand_out(std::uint32_t p);
  // Slot `p` starts its next message, or receives again.
  void work_on(std::uint32_t p);
  void visibility_timeout(std::uint32_t m, std::uint64_t receipt);
  void dead_letter(std::uint32_t m);
  void make_visible(std::uint32_t m, bool front = false);
  void mark_ready(std::uint64_t group);
  // FIFO: message `m`, out of its group, is done or back in line.
  void group_free(std::uint32_t m);
  void hide(std::uint32_t m);
  // A delivery of `m` ended (answered, or dropped unstarted).
  void delivery_ended(std::uint32_t m);
  void release_if_finished(std::uint32_t m);
  // A call to the queue with `bytes` of payload, as the provider bills it.
  void bill(std::int64_t bytes);

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
  std::deque<std::uint64_t> ready_;                  // FIFO: groups that may send
  std::vector<Poller> pollers_;                      // every consumer slot
  std::deque<std::uint32_t> idle_;                   // slots whose long poll waits, in turn
  std::int64_t held_ = 0;                            // messages not done: visible or in flight
  std::uint64_t next_receipt_ = 1;
  std::uint64_t next_seq_ = 0;
  std::deque<Publish> blocked_;                     // publishes waiting for room (when_full: block)
  std::vector<std::unique_ptr<CorePool>> brokers_;  // the cores of each broker instance
  RandomStream cpu_stream_;
};

}  // namespace tiersim
