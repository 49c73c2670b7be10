// Service: a tier of identical instances that run request handlers.
//
// Each instance has `cores` cores, optional memory and a NIC. A request that
// arrives at an instance:
//   1. is admitted when `memory_per_request` bytes are free (it holds them
//      until its reply has left the instance); otherwise it waits, FIFO;
//   2. runs its class's handler steps in order: `cpu` holds one core for a
//      sampled time (FIFO, non-preemptive: a request that finds every core
//      busy waits for one), `delay` waits without a core, `call` sends a
//      synchronous request to another node and waits for its reply;
//   3. replies with the class's (or the call's) response bytes over the NIC.
// The waiting room: a request that would have to wait for the first time
// (for memory on arrival, or for a core at its first cpu step) waits if
// fewer than `queue_limit` requests are waiting at the instance, and is
// rejected otherwise. A request that has waited or held a core once is never
// turned away, even when it queues again for a core after a call.
// A rejection, or a call whose reply is a rejection, ends the handler and
// passes the rejection upstream.
//
// Sessions (state: local): each instance keeps the sessions of the requests
// it served in a SessionTable, `session_bytes` each out of its memory
// (evicting the least recently used when full, or when a request needs the
// memory) until idle for `session_timeout`. A session's current state is on
// one instance at a time, the one that served it last: an admitted request
// whose session is new creates it there; one whose session's current state
// is elsewhere (or gone) is a miss: it runs the `session_miss` steps before
// its handler and takes the session over, leaving any older copy to expire
// unused. (state: external is a call compile() puts at the head of every
// handler.)
//
// Outages: an instance that goes down fails every request on it at once
// (their replies are lost; callers learn "failed") and loses its sessions;
// requests that arrive while it is down fail at once. It comes back empty.
// Overlapping outages of one instance merge: it is down while any lasts.
// A slowdown stretches every cpu step that starts while it lasts.
// Events still pending for the requests it held are ignored when they fire
// (each visit remembers the instance's epoch).
#pragma once

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/nic.hpp"
#include "tiersim/components/rate_limiter.hpp"
#include "tiersim/components/session_table.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class Service final : public Endpoint, public ReplySink {
 public:
  Service(World& world, model::NodeId id);

  model::NodeId id() const override { return id_; }
  std::uint32_t instance_count() const override {
    return static_cast<std::uint32_t>(instances_.size());
  }
  std::uint32_t next_instance() override;
  Nic* nic(std::uint32_t instance) override { return instances_[instance].nic.get(); }
  void receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
               ReplyTo reply_to) override;
  void on_reply(std::uint64_t token, Outcome outcome) override;
  bool up(std::uint32_t instance) const override { return instances_[instance].up; }
  void fail(std::uint32_t instance) override;
  void restore(std::uint32_t instance) override;
  void slow_down(double factor) override;
  void speed_up(double factor) override;

 private:
  using VisitId = std::uint32_t;

  struct Visit {
    RequestHandle request = 0;
    std::uint32_t instance = 0;
    ReplyTo reply_to;
    SimTime arrived;
    const model::Handler* handler = nullptr;
    std::size_t step = 0;
    bool holds_memory = false;
    // Has waited in a queue or held a core: from then on the request is
    // never turned away by the waiting room.
    bool entered = false;
    bool in_session_miss = false;            // running node_.session_miss before `handler`
    bool queued = false;                     // in memory_queue or core_queue
    SimTime queued_since = SimTime::zero();  // while queued: when it joined the queue
    bool alive = false;                      // false once released to the pool
    std::uint64_t epoch = 0;                 // the instance's epoch when the visit began
  };
  struct Instance {
    std::int64_t free_cores = 0;
    std::int64_t free_memory = 0;  // meaningful only when memory is modeled
    std::deque<VisitId> memory_queue;
    std::deque<VisitId> core_queue;
    std::unique_ptr<Nic> nic;
    bool draining_memory_queue = false;
    bool up = true;
    std::int64_t outages = 0;  // outages in progress (they may overlap)
    std::uint64_t epoch = 0;   // outages so far; visits of an older epoch are void
    SessionTable sessions;
    bool expiry_timer = false;
  };

  bool memory_modeled() const { return node_.machine.memory_bytes.has_value(); }
  bool memory_available(const Instance& inst) const;
  bool waiting_room_full(const Instance& inst) const;
  void admit(VisitId v);
  void reject(VisitId v);
  // A queued visit leaves its queue (for memory or a core).
  void end_wait(VisitId v);
  void advance(VisitId v);
  void start_cpu(VisitId v);
  void finish_cpu(VisitId v);
  void finish(VisitId v, Outcome outcome);
  void release_memory(std::uint32_t instance, std::int64_t bytes);
  void set_waiting(std::uint32_t instance, std::int64_t delta);
  bool void_visit(VisitId v);
  void release_visit(VisitId v);
  void check_session(VisitId v);
  void take_session(std::uint32_t instance, std::uint64_t session);
  bool store_session(std::uint32_t instance, std::uint64_t session);
  void forget_session(std::uint32_t instance, std::uint64_t session);
  void expire_sessions(std::uint32_t instance);
  void arm_expiry_timer(std::uint32_t instance);

  World& world_;
  model::NodeId id_;
  const model::Node& node_;
  std::vector<Instance> instances_;
  SlotPool<Visit> visits_;
  std::uint32_t round_robin_ = 0;
  // One stream per handler step (see model::Step::stream_purpose), indexed
  // [class][step], and per session_miss step; created on first use so that
  // unused steps cost nothing.
  std::vector<std::vector<std::unique_ptr<RandomStream>>> step_streams_;
  std::vector<std::unique_ptr<RandomStream>> miss_streams_;
  // Slowdowns in progress (they may overlap); cpu steps take their product
  // times longer.
  std::vector<double> slowdowns_;
  double slowdown_ = 1;
  // state: local: the instance that holds each live session's current state.
  std::unordered_map<std::uint64_t, std::uint32_t> session_owner_;
  std::optional<RateLimiter> limiter_;  // with a rate_limit
  RandomStream& step_stream(const Visit& v);
};

}  // namespace tiersim
