// A replayed trace reproduces its arrivals exactly: each request is created
// at its row's time, with its row's class, sizes and user.
#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "trace_observer.hpp"

using namespace theory;
using Lines = std::vector<std::string>;

TEST_CASE("a replayed trace creates each request at its row's time", "[components][trace]") {
  model::Model m = make_model({service("server", 1, {cpu(Distribution::constant(1e6))})},
                              {open_client(1, 0)}, SimTime::zero(), SimTime::from_ms(100));
  m.classes = {"page", "upload"};
  m.nodes[0].handlers = {m.nodes[0].handlers[0], m.nodes[0].handlers[0]};
  model::Client& c = m.clients[0];
  c.rate_per_second = 0;
  c.replay = true;
  c.mix = {model::RequestMix{0, 1, 0, 0}, model::RequestMix{1, 1, 0, 0}};
  // Two arrivals at the same nanosecond, one a nanosecond later, a gap, and
  // one after the run's end (never sent).
  c.trace = {model::TraceArrival{SimTime::from_ns(3'000'001), 0, -1, -1, -1},
             model::TraceArrival{SimTime::from_ns(3'000'001), 1, -1, -1, -1},
             model::TraceArrival{SimTime::from_ns(3'000'002), 0, -1, -1, -1},
             model::TraceArrival{SimTime::from_ms(40), 1, -1, -1, -1},
             model::TraceArrival{SimTime::from_ms(500), 0, -1, -1, -1}};
  Lines created;
  for (const auto& line : trace::run(m, SimTime::from_ms(100)))
    if (line.find("created") != std::string::npos) created.push_back(line);
  // us() prints whole microseconds: 3000 us for the first three.
  CHECK(created == Lines{"3000us request 1 created", "3000us request 2 created",
                         "3000us request 3 created", "40000us request 4 created"});
}

TEST_CASE("a replayed trace's counts and classes survive a whole run exactly",
          "[components][trace]") {
  // 1,000 arrivals at irregular nanosecond times: every one is generated,
  // in the window, with its class.
  model::Model m = make_model({service("server", 4, {cpu(Distribution::constant(1e5))})},
                              {open_client(1, 0)}, SimTime::zero(), SimTime::from_seconds(2));
  m.classes = {"page", "upload"};
  m.nodes[0].handlers = {m.nodes[0].handlers[0], m.nodes[0].handlers[0]};
  model::Client& c = m.clients[0];
  c.replay = true;
  c.mix = {model::RequestMix{0, 1, 0, 0}, model::RequestMix{1, 1, 0, 0}};
  std::int64_t t = 0, uploads = 0;
  for (int i = 0; i < 1000; ++i) {
    t += 1'000'003 + (i * 7919) % 1'000'000;  // about every 1.5 ms
    const std::uint32_t mix = i % 3 == 0 ? 1 : 0;
    uploads += mix;
    c.trace.push_back(model::TraceArrival{SimTime::from_ns(t), mix, -1, -1, -1});
  }
  REQUIRE(t < 2'000'000'000);
  const Result r = simulate(m);
  CHECK(r.requests.generated == 1000);
  CHECK(r.requests.completed == 1000);
  CHECK(r.classes[1].completed == uploads);
}
