#include "tiersim/components/open_loop_client.hpp"

#include <cmath>

#include "tiersim/core/portable_math.hpp"

namespace tiersim {

OpenLoopClient::OpenLoopClient(World& world, std::uint32_t index)
    : Client(world, index, world.model.clients[index].population),
      arrival_stream_(world.sim.stream(world.model.clients[index].name, "arrivals")),
      user_stream_(world.sim.stream(world.model.clients[index].name, "users")) {}

void OpenLoopClient::start() {
  world_.sim.schedule_at(next_arrival_time(), [this] { arrive(); });
}

SimTime OpenLoopClient::next_arrival_time() {
  ++arrivals_;
  const double mean_gap_ns = 1e9 / spec_.rate_per_second;
  if (spec_.arrival == model::Arrival::constant)
    return SimTime::from_ns(std::llround(static_cast<double>(arrivals_) * mean_gap_ns));
  const double gap = -mean_gap_ns * portable::log(arrival_stream_.next_open_unit());
  last_ += SimTime::from_ns(std::llround(gap));
  return last_;
}

void OpenLoopClient::arrive() {
  const auto population = static_cast<std::uint64_t>(spec_.population);
  send_request(population == 0 ? kAnonymous
                               : static_cast<std::int64_t>(user_stream_.next_below(population)));
  world_.sim.schedule_at(next_arrival_time(), [this] { arrive(); });
}

}  // namespace tiersim
