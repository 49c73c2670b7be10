#include "tiersim/engine/event_queue.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tiersim/engine/simulator.hpp"

using tiersim::EventQueue;
using tiersim::SimTime;
using tiersim::Simulator;

TEST_CASE("events run in time order, ties in scheduling order", "[engine]") {
  Simulator sim(1);
  std::vector<std::string> trace;
  auto log = [&](std::string what) {
    return [&trace, &sim, what] { trace.push_back(std::to_string(sim.now().ns()) + " " + what); };
  };
  sim.schedule_at(SimTime::from_ns(30), log("c"));
  sim.schedule_at(SimTime::from_ns(10), log("a"));
  sim.schedule_at(SimTime::from_ns(20), log("b1"));
  sim.schedule_at(SimTime::from_ns(20), log("b2"));
  sim.schedule_at(SimTime::from_ns(20), [&] {
    trace.push_back("20 b3 schedules d now");
    sim.schedule_in(SimTime::zero(), log("d"));
  });
  REQUIRE(sim.run_until(SimTime::from_ns(100)) == Simulator::Stop::no_more_events);
  CHECK(trace == std::vector<std::string>{"10 a", "20 b1", "20 b2", "20 b3 schedules d now", "20 d",
                                          "30 c"});
  CHECK(sim.now() == SimTime::from_ns(100));
  CHECK(sim.events_executed() == 6);
}

TEST_CASE("run_until stops before later events and resumes", "[engine]") {
  Simulator sim(1);
  int ran = 0;
  sim.schedule_at(SimTime::from_ns(5), [&] { ++ran; });
  sim.schedule_at(SimTime::from_ns(50), [&] { ++ran; });
  CHECK(sim.run_until(SimTime::from_ns(10)) == Simulator::Stop::reached_time);
  CHECK(ran == 1);
  CHECK(sim.now() == SimTime::from_ns(10));
  CHECK(sim.pending_events() == 1);
  CHECK(sim.run_until(SimTime::from_ns(50)) == Simulator::Stop::no_more_events);
  CHECK(ran == 2);
}

TEST_CASE("cancelled events never run and their slots are reused", "[engine]") {
  EventQueue q;
  int ran = 0;
  auto a = q.push(SimTime::from_ns(1), [&] { ran += 1; });
  q.push(SimTime::from_ns(2), [&] { ran += 10; });
  CHECK(q.cancel(a));
  CHECK_FALSE(q.cancel(a));
  CHECK(q.size() == 1);
  CHECK(q.next_time() == SimTime::from_ns(2));
  auto e = q.pop();
  e.action();
  CHECK(ran == 10);
  CHECK(q.empty());
  // Both slots are free again; a stale id of a reused slot does not cancel
  // the event that now occupies it.
  auto b = q.push(SimTime::from_ns(3), [&] { ran += 100; });
  auto c = q.push(SimTime::from_ns(4), [&] { ran += 1000; });
  CHECK((b.slot == a.slot || c.slot == a.slot));
  CHECK_FALSE(q.cancel(a));
  q.pop().action();
  q.pop().action();
  CHECK(ran == 1110);
}

TEST_CASE("halt stops the run after the current event", "[engine]") {
  Simulator sim(1);
  int ran = 0;
  sim.schedule_at(SimTime::from_ns(1), [&] {
    ++ran;
    sim.halt("limit");
  });
  sim.schedule_at(SimTime::from_ns(2), [&] { ++ran; });
  CHECK(sim.run_until(SimTime::from_ns(10)) == Simulator::Stop::halted);
  CHECK(ran == 1);
  CHECK(sim.halt_reason() == std::string("limit"));
}

TEST_CASE("a run whose time stops advancing halts instead of running forever", "[engine]") {
  Simulator sim(1);
  sim.set_max_events_per_instant(1000);
  std::function<void()> again = [&] { sim.schedule_in(SimTime::zero(), again); };
  sim.schedule_at(SimTime::from_ns(5), again);
  CHECK(sim.run_until(SimTime::from_seconds(1)) == Simulator::Stop::halted);
  CHECK(sim.events_executed() == 1001);
  REQUIRE(sim.halt_reason());
  CHECK(sim.halt_reason()->rfind("simulated time stopped advancing at t=0.000000005s: more than "
                                 "1000 events at one instant",
                                 0) == 0);
}

TEST_CASE("many events with random times pop in order", "[engine]") {
  EventQueue q;
  tiersim::RandomStream rng(7);
  for (int i = 0; i < 10000; ++i)
    q.push(SimTime::from_ns(static_cast<std::int64_t>(rng.next_below(1000))), [] {});
  SimTime last = SimTime::zero();
  std::size_t n = 0;
  while (!q.empty()) {
    auto e = q.pop();
    REQUIRE(e.time >= last);
    last = e.time;
    ++n;
  }
  CHECK(n == 10000);
}
