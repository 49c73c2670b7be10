// Shaped workloads: arrivals follow the rate profile, and a burst drains as
// the fluid model says.
#include "tiersim/model/workload.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "theory_support.hpp"

namespace tiersim {
namespace {

using namespace theory;

model::Crowd crowd(model::Crowd::Kind kind, double rate) {
  model::Crowd c;
  c.kind = kind;
  c.rate = rate;
  return c;
}

// A server that keeps up with anything offered here, so every arrival is
// simply counted.
model::Model counted(model::Client client, SimTime warmup, SimTime duration) {
  return make_model({service("sink", 10000, {cpu(Distribution::constant(1000))})},
                    {std::move(client)}, warmup, duration);
}

TEST_CASE("poisson arrivals of a shaped client follow its cumulative rate", "[workload]") {
  model::Client c = open_client(100, 0);
  model::Crowd daily = crowd(model::Crowd::Kind::daily, 300);
  daily.period = SimTime::from_seconds(600);
  daily.peak_at = SimTime::from_seconds(150);
  model::Crowd spike = crowd(model::Crowd::Kind::spike, 2000);
  spike.at = SimTime::from_seconds(400);
  spike.length = SimTime::from_seconds(20);
  model::Crowd deadline = crowd(model::Crowd::Kind::deadline, 500);
  deadline.at = SimTime::from_seconds(550);
  deadline.half_life = SimTime::from_seconds(15);
  c.shape = {daily, spike, deadline};
  const RateProfile profile = model::rate_profile(c, SimTime::from_seconds(600));
  // Windows of the run: each count is Poisson with mean Lambda(end) - Lambda(begin).
  const double windows[][2] = {{0, 100}, {100, 200}, {400, 420}, {500, 550}, {550, 600}};
  for (const auto& w : windows) {
    const model::Model m = counted(c, SimTime::from_seconds(static_cast<std::int64_t>(w[0])),
                                   SimTime::from_seconds(static_cast<std::int64_t>(w[1] - w[0])));
    const double expected = profile.cumulative(w[1]) - profile.cumulative(w[0]);
    const auto generated = static_cast<double>(simulate(m).requests.generated);
    INFO("window [" << w[0] << ", " << w[1] << "): " << generated << " against " << expected);
    CHECK(std::abs(generated - expected) <= 4 * std::sqrt(expected));
  }
}

TEST_CASE("constant arrivals of a shaped client land exactly on the profile", "[workload]") {
  model::Client c = open_client(10, 0);
  c.arrival = model::Arrival::constant;
  model::Crowd step = crowd(model::Crowd::Kind::step, 30);
  step.at = SimTime::from_seconds(50);
  model::Crowd ramp = crowd(model::Crowd::Kind::ramp, 60);
  ramp.from = SimTime::from_seconds(100);
  ramp.to = SimTime::from_seconds(160);
  c.shape = {step, ramp};
  // 10/s for 50 s, 40/s for 50 s, then 40/s plus a ramp to 60/s over 60 s:
  // 500 + 2000 + 2400 + 1800 = 6700 arrivals at 1/s, 2/s, ..., 6700/s of
  // the cumulative rate; the last lands at exactly t = 160 s, the window's end.
  const model::Model m = counted(c, SimTime::zero(), SimTime::from_seconds(160));
  const Result r = simulate(m);
  CHECK(r.requests.generated == 6700 - 1);
  const model::Model longer = counted(c, SimTime::zero(), SimTime::from_ns(160'000'000'001));
  CHECK(simulate(longer).requests.generated == 6700);
}

TEST_CASE("a burst drains at the rate the fluid model predicts", "[workload]") {
  // Two cores at a constant 10 ms: 200 requests/s. 50/s arrive, and 350/s
  // for 60 s from t = 60 s: the backlog grows at 150/s to 9,000 at t = 120 s
  // and drains at 200 - 50 = 150/s, empty at t = 180 s.
  model::Client c = open_client(50, 0);
  c.arrival = model::Arrival::constant;
  model::Crowd spike = crowd(model::Crowd::Kind::spike, 300);
  spike.at = SimTime::from_seconds(60);
  spike.length = SimTime::from_seconds(60);
  c.shape = {spike};
  const auto backlog_at = [&](std::int64_t seconds) {
    const model::Model m = make_model({service("web", 2, {cpu(Distribution::constant(1e7))})}, {c},
                                      SimTime::zero(), SimTime::from_seconds(seconds));
    return static_cast<double>(simulate(m).requests.in_flight);
  };
  // In flight = waiting + the two in service; the fluid model counts both.
  CHECK(backlog_at(59) <= 2);
  CHECK(backlog_at(90) == Approx(150.0 * 30).margin(3));
  CHECK(backlog_at(120) == Approx(9000).margin(3));
  CHECK(backlog_at(150) == Approx(9000 - 150.0 * 30).margin(3));
  CHECK(backlog_at(179) == Approx(150).margin(3));
  CHECK(backlog_at(181) <= 2);
}

}  // namespace
}  // namespace tiersim
