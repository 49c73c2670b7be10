// LoadBalancer: spreads requests over the instances of its target node.
//
// Policies: random (uniform over instances), round_robin, and
// least_connections (the instance with the fewest requests this load
// balancer has outstanding on it; ties go to the first such instance after
// the last one chosen, so that an idle tier is still covered in turn).
// Each load-balancer instance keeps its own view, as separate machines do.
//
// The load balancer forwards the request's bytes and relays the reply, so
// its NIC (when its machine has one) carries both directions. It adds no
// processing time and holds no queue of its own in this model; layer (4 or
// 7) is recorded but routes the same way until L4/L7 behaviour is modeled.
#pragma once

#include <memory>
#include <vector>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/nic.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class LoadBalancer final : public Endpoint, public ReplySink {
 public:
  LoadBalancer(World& world, model::NodeId id);

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
  struct Instance {
    std::unique_ptr<Nic> nic;
    std::vector<std::int64_t> outstanding;  // per backend instance; least_connections only
    std::uint32_t cursor = 0;               // round robin, and least_connections ties
  };
  struct Forward {
    RequestHandle request = 0;
    std::uint32_t instance = 0;
    std::uint32_t backend = 0;
    ReplyTo reply_to;
    SimTime arrived;
  };

  std::uint32_t choose_backend(Instance& inst);

  World& world_;
  model::NodeId id_;
  const model::Node& node_;
  std::vector<Instance> instances_;
  SlotPool<Forward> forwards_;
  std::uint32_t round_robin_ = 0;
  RandomStream random_;
};

}  // namespace tiersim
