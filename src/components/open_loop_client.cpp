#include "tiersim/components/open_loop_client.hpp"

#include <cmath>

#include "tiersim/core/portable_math.hpp"
#include "tiersim/model/workload.hpp"

namespace tiersim {

OpenLoopClient::OpenLoopClient(World& world, std::uint32_t index)
    : Client(world, index, world.model.clients[index].population),
      arrival_stream_(world.sim.stream(world.model.clients[index].name, "arrivals")),
      user_stream_(world.sim.stream(world.model.clients[index].name, "users")),
      profile_(model::rate_profile(spec_, world.model.warmup + world.model.duration)) {}

void OpenLoopClient::start() {
  schedule_next();
}

void OpenLoopClient::schedule_next() {
  const SimTime next = next_arrival_time();
  if (next == SimTime::max()) return;
  world_.sim.schedule_at(next, [this] { arrive(); });
}

SimTime OpenLoopClient::next_arrival_time() {
  ++arrivals_;
  if (spec_.replay) {
    const auto i = static_cast<std::size_t>(arrivals_ - 1);
    return i < spec_.trace.size() ? spec_.trace[i].at : SimTime::max();
  }
  const bool constant = spec_.arrival == model::Arrival::constant;
  if (spec_.shape.empty()) {
    const double mean_gap_ns = 1e9 / spec_.rate_per_second;
    if (constant)
      return SimTime::from_ns(std::llround(static_cast<double>(arrivals_) * mean_gap_ns));
    const double gap = -mean_gap_ns * portable::log(arrival_stream_.next_open_unit());
    last_ += SimTime::from_ns(std::llround(gap));
    return last_;
  }
  // A change of time: the unit-rate process's k-th point, E_k, arrives when
  // the cumulative rate reaches it.
  operational_ = constant ? static_cast<double>(arrivals_)
                          : operational_ - portable::log(arrival_stream_.next_open_unit());
  const double t = profile_.time_at(operational_, hint_);
  if (!(t * 1e9 < static_cast<double>(SimTime::max().ns()))) return SimTime::max();
  // Rounding to the nanosecond must not take an arrival before the last one.
  last_ = max(last_, SimTime::from_ns(std::llround(t * 1e9)));
  return last_;
}

std::int64_t OpenLoopClient::pick_user() {
  const auto population = static_cast<std::uint64_t>(spec_.population);
  return population == 0 ? kAnonymous
                         : static_cast<std::int64_t>(user_stream_.next_below(population));
}

void OpenLoopClient::arrive() {
  if (spec_.replay) {
    const model::TraceArrival& a = spec_.trace[static_cast<std::size_t>(arrivals_ - 1)];
    model::RequestMix mix = spec_.mix[a.mix];
    if (a.request_bytes >= 0) mix.request_bytes = a.request_bytes;
    if (a.response_bytes >= 0) mix.response_bytes = a.response_bytes;
    send_request(a.user >= 0 ? a.user : pick_user(), mix,
                 a.key >= 0 ? static_cast<std::uint64_t>(a.key) : 0);
  } else {
    send_request(pick_user());
  }
  schedule_next();
}

}  // namespace tiersim
