#include "tiersim/components/client.hpp"

#include <fmt/core.h>

namespace tiersim {

Client::Client(World& world, std::uint32_t index)
    : world_(world),
      index_(index),
      spec_(world.model.clients[index]),
      class_stream_(world.sim.stream(world.model.clients[index].name, "class")) {
  for (const auto& m : spec_.mix) total_weight_ += m.weight;
}

void Client::send_request(std::uint64_t token) {
  // Cumulative weights in file order; the last class takes any rounding rest.
  const double u = class_stream_.next_unit() * total_weight_;
  const model::RequestMix* mix = &spec_.mix.back();
  double acc = 0;
  for (const auto& m : spec_.mix) {
    acc += m.weight;
    if (u < acc) {
      mix = &m;
      break;
    }
  }
  const model::Model& model = world_.model;
  const SimTime now = world_.sim.now();
  Request r;
  r.request_class = mix->request_class;
  r.client = index_;
  r.created = now;
  r.request_bytes = mix->request_bytes;
  r.response_bytes = mix->response_bytes;
  r.measured = now >= model.warmup && now < model.warmup + model.duration;
  const RequestHandle h = world_.requests.create(r);
  world_.observer.request_created(world_.requests.get(h));
  if (static_cast<std::int64_t>(world_.requests.live()) > model.max_in_flight) {
    world_.sim.halt(fmt::format(
        "more than {} requests in flight at t={:.3f}s: the system does not keep up with its "
        "load (raise limits.max_in_flight to simulate further)",
        model.max_in_flight, now.seconds()));
  }

  const std::uint32_t slot = pending_.acquire(Pending{h, token});
  Endpoint& target = world_.node(spec_.target);
  world_.send(h, nullptr, spec_.target, target.next_instance(), r.request_bytes,
              ReplyTo{this, slot, nullptr, r.response_bytes});
}

void Client::on_reply(std::uint64_t token, Outcome outcome) {
  const auto slot = static_cast<std::uint32_t>(token);
  const Pending p = pending_[slot];
  pending_.release(slot);
  world_.observer.request_finished(world_.requests.get(p.request), outcome, world_.sim.now());
  world_.requests.release(p.request);
  on_finished(p.token, outcome);
}

}  // namespace tiersim
