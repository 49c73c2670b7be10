#include "tiersim/components/load_balancer.hpp"

namespace tiersim {

LoadBalancer::LoadBalancer(World& world, model::NodeId id)
    : world_(world),
      id_(id),
      node_(world.model.nodes[id]),
      random_(world.sim.stream(world.model.nodes[id].name, "balance")) {
  instances_.resize(static_cast<std::size_t>(node_.instances));
  const auto backends = static_cast<std::size_t>(world.model.nodes[node_.target].instances);
  for (auto& inst : instances_) {
    if (node_.machine.nic_bps) inst.nic = std::make_unique<Nic>(id, *node_.machine.nic_bps);
    if (node_.policy == model::BalancingPolicy::least_connections)
      inst.outstanding.assign(backends, 0);
  }
}

std::uint32_t LoadBalancer::next_instance() {
  const std::uint32_t i = round_robin_;
  round_robin_ = (round_robin_ + 1) % instance_count();
  return i;
}

std::uint32_t LoadBalancer::choose_backend(Instance& inst) {
  const auto n = world_.node(node_.target).instance_count();
  switch (node_.policy) {
    case model::BalancingPolicy::random:
      return static_cast<std::uint32_t>(random_.next_below(n));
    case model::BalancingPolicy::round_robin: {
      const std::uint32_t b = inst.cursor;
      inst.cursor = (inst.cursor + 1) % n;
      return b;
    }
    case model::BalancingPolicy::least_connections: {
      std::uint32_t best = inst.cursor;
      for (std::uint32_t k = 1; k < n; ++k) {
        const std::uint32_t b = (inst.cursor + k) % n;
        if (inst.outstanding[b] < inst.outstanding[best]) best = b;
      }
      inst.cursor = (best + 1) % n;
      return best;
    }
  }
  return 0;
}

void LoadBalancer::receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
                           ReplyTo reply_to) {
  Instance& inst = instances_[instance];
  const std::uint32_t backend = choose_backend(inst);
  if (!inst.outstanding.empty()) ++inst.outstanding[backend];
  const std::uint32_t f =
      forwards_.acquire(Forward{request, instance, backend, reply_to, world_.sim.now()});
  world_.send(request, inst.nic.get(), node_.target, backend, bytes,
              ReplyTo{this, f, inst.nic.get(), reply_to.response_bytes});
}

void LoadBalancer::on_reply(std::uint64_t token, Outcome outcome) {
  const auto f = static_cast<std::uint32_t>(token);
  const Forward fw = forwards_[f];
  forwards_.release(f);
  Instance& inst = instances_[fw.instance];
  if (!inst.outstanding.empty()) --inst.outstanding[fw.backend];
  const std::int64_t bytes = outcome == Outcome::completed ? fw.reply_to.response_bytes : 0;
  const SimTime left = world_.reply(fw.reply_to, inst.nic.get(), bytes, outcome);
  world_.observer.visit_finished(id_, world_.requests.get(fw.request), fw.arrived, left, outcome);
}

}  // namespace tiersim
