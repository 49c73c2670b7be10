// Determinism and common random numbers.
#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "tiersim/report/json_report.hpp"

using namespace theory;

namespace {

model::Model base_model() {
  return make_model({service("web", 2, {cpu(Distribution(ExponentialDist{8e6})), call(1)}),
                     service("db", 1, {cpu(Distribution(ExponentialDist{3e6}))})},
                    {open_client(150, 0)}, SimTime::from_seconds(2), SimTime::from_seconds(30));
}

}  // namespace

TEST_CASE("the same model and seed give byte-identical JSON", "[determinism]") {
  const auto m = base_model();
  CHECK(to_json(simulate(m)) == to_json(simulate(m)));
}

TEST_CASE("another seed gives another result", "[determinism]") {
  auto m = base_model();
  const Result a = simulate(m);
  m.seed += 1;
  const Result b = simulate(m);
  CHECK(a.requests.generated != b.requests.generated);
  CHECK(a.latency.mean_ms != b.latency.mean_ms);
}

TEST_CASE("adding an unrelated node and client leaves an existing client's stream unchanged",
          "[determinism]") {
  const auto a = base_model();
  auto b = a;
  b.nodes.push_back(service("reports", 1, {cpu(Distribution(ExponentialDist{50e6}))}));
  auto other = open_client(5, 2);
  other.name = "analysts";
  b.clients.push_back(other);
  const Result ra = simulate(a), rb = simulate(b);
  // Same arrivals, same service draws: the original client sees exactly the
  // same requests and latencies.
  REQUIRE(rb.clients.size() == 2);
  CHECK(ra.clients[0].requests.generated == rb.clients[0].requests.generated);
  CHECK(ra.clients[0].latency.mean_ms == rb.clients[0].latency.mean_ms);
  CHECK(ra.clients[0].latency.max_ms == rb.clients[0].latency.max_ms);
  CHECK(ra.nodes[0].utilization.cpu == rb.nodes[0].utilization.cpu);
}

TEST_CASE("every request is accounted for, with warm-up excluded", "[determinism]") {
  auto m = base_model();
  m.nodes[0].queue_limit = 2;  // some rejections
  const Result r = simulate(m);
  CHECK(r.requests.rejected > 0);
  CHECK(r.requests.generated ==
        r.requests.completed + r.requests.rejected + r.requests.failed + r.requests.in_flight);
  CHECK_FALSE(r.stopped);
  // Roughly 150/s over the 30 s window only, not the 2 s of warm-up.
  CHECK(r.requests.generated == Approx(4500).epsilon(0.06));
}
