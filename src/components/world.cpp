#include "tiersim/components/world.hpp"

namespace tiersim {

void World::send(RequestHandle request, Nic* from, model::NodeId to, std::uint32_t instance,
                 std::int64_t bytes, ReplyTo reply_to) {
  Endpoint* target = nodes[to].get();
  const Transfer t = transfer(sim.now(), from, target->nic(instance), bytes, observer);
  sim.schedule_at(t.arrived, [target, request, instance, bytes, reply_to] {
    target->receive(request, instance, bytes, reply_to);
  });
}

SimTime World::reply(ReplyTo reply_to, Nic* from, std::int64_t bytes, Outcome outcome) {
  const Transfer t = transfer(sim.now(), from, reply_to.nic, bytes, observer);
  ReplySink* sink = reply_to.sink;
  const std::uint64_t token = reply_to.token;
  sim.schedule_at(t.arrived, [sink, token, outcome] { sink->on_reply(token, outcome); });
  return t.sent;
}

}  // namespace tiersim
