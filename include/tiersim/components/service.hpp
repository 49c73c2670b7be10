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
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/nic.hpp"
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
  };
  struct Instance {
    std::int64_t free_cores = 0;
    std::int64_t free_memory = 0;  // meaningful only when memory is modeled
    std::deque<VisitId> memory_queue;
    std::deque<VisitId> core_queue;
    std::unique_ptr<Nic> nic;
    bool draining_memory_queue = false;
  };

  bool memory_modeled() const { return node_.machine.memory_bytes.has_value(); }
  bool memory_available(const Instance& inst) const;
  bool waiting_room_full(const Instance& inst) const;
  void admit(VisitId v);
  void reject(VisitId v);
  void advance(VisitId v);
  void start_cpu(VisitId v);
  void finish_cpu(VisitId v);
  void finish(VisitId v, Outcome outcome);
  void release_memory(std::uint32_t instance);
  void set_waiting(std::int64_t delta);

  World& world_;
  model::NodeId id_;
  const model::Node& node_;
  std::vector<Instance> instances_;
  SlotPool<Visit> visits_;
  std::uint32_t round_robin_ = 0;
  // One stream per handler step (see model::Step::stream_purpose), indexed
  // [class][step]; created on first use so that unused steps cost nothing.
  std::vector<std::vector<std::unique_ptr<RandomStream>>> step_streams_;
  RandomStream& step_stream(const Visit& v);
};

}  // namespace tiersim
