#include "tiersim/components/world.hpp"

namespace tiersim {

SimTime World::transmit(Nic* from, Nic* to, std::int64_t bytes, Action on_arrival) {
  const SimTime now = sim.now();
  if (bytes <= 0) {
    sim.schedule_at(now, std::move(on_arrival));
    return now;
  }
  Nic::Booking sending{now, now};
  if (from) sending = from->book_transmit(now, bytes, observer);
  if (!to) {
    sim.schedule_at(sending.end, std::move(on_arrival));
  } else if (sending.start == now) {
    sim.schedule_at(to->book_receive(now, sending.end, bytes, observer), std::move(on_arrival));
  } else {
    // The sender is busy until sending.start: the receiver is booked only
    // then, so that messages from other senders are not held behind bytes
    // that have not left yet.
    sim.schedule_at(sending.start, [this, to, sent = sending.end, bytes,
                                    action = std::move(on_arrival)]() mutable {
      sim.schedule_at(to->book_receive(sim.now(), sent, bytes, observer), std::move(action));
    });
  }
  return sending.end;
}

void World::send(RequestHandle request, Nic* from, model::NodeId to, std::uint32_t instance,
                 std::int64_t bytes, ReplyTo reply_to) {
  Endpoint* target = nodes[to].get();
  transmit(from, target->nic(instance), bytes, [target, request, instance, bytes, reply_to] {
    target->receive(request, instance, bytes, reply_to);
  });
}

SimTime World::reply(ReplyTo reply_to, Nic* from, std::int64_t bytes, Outcome outcome) {
  ReplySink* sink = reply_to.sink;
  const std::uint64_t token = reply_to.token;
  return transmit(from, reply_to.nic, bytes,
                  [sink, token, outcome] { sink->on_reply(token, outcome); });
}

}  // namespace tiersim
