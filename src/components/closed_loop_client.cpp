#include "tiersim/components/closed_loop_client.hpp"

namespace tiersim {

ClosedLoopClient::ClosedLoopClient(World& world, std::uint32_t index)
    : Client(world, index, world.model.clients[index].users),
      think_stream_(world.sim.stream(world.model.clients[index].name, "think")) {}

void ClosedLoopClient::start() {
  for (std::int64_t user = 0; user < spec_.users; ++user) think(user);
}

void ClosedLoopClient::think(std::int64_t user) {
  const SimTime t = SimTime::from_ns(spec_.think_time.sample_integer(think_stream_));
  world_.sim.schedule_in(t, [this, user] { send_request(user); });
}

void ClosedLoopClient::on_finished(std::int64_t user, Outcome) {
  think(user);
}

}  // namespace tiersim
