// Trace tests: tiny runs whose whole story is known by hand. Clients send at
// a constant rate, so the k-th request arrives at exactly k / rate. A reply
// reaches its client in an event of its own, so at equal times it comes
// after events scheduled earlier (such as the next arrival).
#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "trace_observer.hpp"

using namespace theory;
using Lines = std::vector<std::string>;

namespace {

model::Client every_5ms() {
  auto c = open_client(200, 0);
  c.arrival = model::Arrival::constant;
  return c;
}

}  // namespace

TEST_CASE("one core serves requests first come, first served", "[components][trace]") {
  const auto m = make_model({service("server", 1, {cpu(Distribution::constant(10e6))})},
                            {every_5ms()}, SimTime::zero(), SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_ms(26)) ==
        Lines{"5000us request 1 created", "10000us request 2 created",
              "15000us server request 1 completed (arrived 5000us)", "15000us request 3 created",
              "15000us request 1 completed", "20000us request 4 created",
              "25000us server request 2 completed (arrived 10000us)", "25000us request 5 created",
              "25000us request 2 completed"});
}

TEST_CASE("a full waiting room rejects new arrivals only", "[components][trace]") {
  // queue_limit 1: request 2 waits; at 15 ms the core passes to it before
  // request 3 arrives (its completion was scheduled first), so 3 may wait;
  // at 20 ms the room is full again and request 4 is turned away.
  auto node = service("server", 1, {cpu(Distribution::constant(10e6))});
  node.queue_limit = 1;
  const auto m = make_model({node}, {every_5ms()}, SimTime::zero(), SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_ms(21)) ==
        Lines{"5000us request 1 created", "10000us request 2 created",
              "15000us server request 1 completed (arrived 5000us)", "15000us request 3 created",
              "15000us request 1 completed", "20000us request 4 created",
              "20000us server rejects request 4",
              "20000us server request 4 rejected (arrived 20000us)", "20000us request 4 rejected"});
}

TEST_CASE("the waiting room also holds when the handler starts without a cpu step",
          "[components][trace]") {
  // delay 1 ms, then 10 ms of CPU. Request 2 queues for the core at 11 ms;
  // at 16 ms the core passes from 1 to 2 before request 3 looks for it, so
  // 3 may wait; at 21 ms request 4 finds the room full and is turned away
  // although it has done its delay step.
  auto node =
      service("server", 1, {delay(Distribution::constant(1e6)), cpu(Distribution::constant(10e6))});
  node.queue_limit = 1;
  const auto m = make_model({node}, {every_5ms()}, SimTime::zero(), SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_us(21500)) ==
        Lines{"5000us request 1 created", "10000us request 2 created", "15000us request 3 created",
              "16000us server request 1 completed (arrived 5000us)", "16000us request 1 completed",
              "20000us request 4 created", "21000us server rejects request 4",
              "21000us server request 4 rejected (arrived 20000us)", "21000us request 4 rejected"});
}

TEST_CASE("a reply's bytes take their time on the NIC", "[components][trace]") {
  // 125,000 bytes over 1 Gbps take exactly 1 ms; the node's latency ends
  // when the last byte has left it.
  auto node = service("server", 1, {cpu(Distribution::constant(1e6))});
  node.machine.nic_bps = 1'000'000'000;
  auto client = every_5ms();
  client.mix[0].request_bytes = 12'500;  // 0.1 ms
  client.mix[0].response_bytes = 125'000;
  const auto m = make_model({node}, {client}, SimTime::zero(), SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_ms(8)) ==
        Lines{"5000us request 1 created", "5000us server nic_rx busy until 5100us",
              "6100us server nic_tx busy until 7100us",
              "7100us server request 1 completed (arrived 5100us)", "7100us request 1 completed"});
}

TEST_CASE("requests wait for memory, then hold it until their reply has left",
          "[components][trace]") {
  // Room for two requests' memory on four cores: the third waits for the
  // first to finish.
  auto node = service("server", 4, {cpu(Distribution::constant(12e6))});
  node.machine.memory_bytes = 2 << 20;
  node.memory_per_request = 1 << 20;
  const auto m = make_model({node}, {every_5ms()}, SimTime::zero(), SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_us(29500)) ==
        Lines{"5000us request 1 created", "10000us request 2 created", "15000us request 3 created",
              "17000us server request 1 completed (arrived 5000us)", "17000us request 1 completed",
              "20000us request 4 created", "22000us server request 2 completed (arrived 10000us)",
              "22000us request 2 completed", "25000us request 5 created",
              "29000us server request 3 completed (arrived 15000us)",
              "29000us request 3 completed"});
}

TEST_CASE("a rejected call rejects the request upstream", "[components][trace]") {
  auto db = service("db", 1, {cpu(Distribution::constant(10e6))});
  db.queue_limit = 0;
  const auto m = make_model({service("web", 4, {call(1)}), db}, {every_5ms()}, SimTime::zero(),
                            SimTime::from_ms(100));
  CHECK(trace::run(m, SimTime::from_ms(11)) ==
        Lines{"5000us request 1 created", "10000us request 2 created",
              "10000us db rejects request 2", "10000us db request 2 rejected (arrived 10000us)",
              "10000us web request 2 rejected (arrived 10000us)", "10000us request 2 rejected"});
}

TEST_CASE("round robin and least connections spread over instances", "[components]") {
  for (auto policy :
       {model::BalancingPolicy::round_robin, model::BalancingPolicy::least_connections}) {
    const auto m = make_model(
        {load_balancer("lb", 1, policy), service("web", 1, {cpu(Distribution::constant(1e6))}, 4)},
        {every_5ms()}, SimTime::zero(), SimTime::from_seconds(10));
    const Result r = simulate(m);
    // 2,000 requests, each taking 1 ms of a core: 200 per second spread over
    // four instances gives each a 5% busy core, exactly.
    CHECK(*r.nodes[1].utilization.cpu == Approx(0.05).epsilon(0.001));
    CHECK(r.requests.completed >= 1999);
  }
}
