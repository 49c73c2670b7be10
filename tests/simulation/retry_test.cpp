// Retries as a user sees them in a result: the storm of the bundled
// scenario, and the arithmetic of attempts and budgets.
#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace theory;

namespace {

const ClientResult& client(const Result& r, const std::string& name) {
  for (const auto& c : r.clients)
    if (c.name == name) return c;
  throw std::runtime_error("no client " + name);
}

double success(const ClientResult& c) {
  return static_cast<double>(c.requests.completed) / static_cast<double>(c.requests.generated);
}

// Every request fails at once: the one instance is down for the whole run.
model::Model always_failing(model::RetryPolicy retry) {
  model::Model m = make_model({service("web", 1, {cpu(Distribution::constant(1e6))})},
                              {open_client(1000, 0)}, SimTime::zero(), SimTime::from_seconds(20));
  m.clients[0].retry = retry;
  m.outages = {model::InstanceOutage{0, 0, SimTime::zero(), std::nullopt}};
  return m;
}

}  // namespace

TEST_CASE("a retry storm outlasts its trigger; backoff and a budget recover",
          "[simulation][retry]") {
  ParseOutcome parsed = parse_scenario_file(TIERSIM_SOURCE_DIR "/scenarios/retry-storm.yaml");
  REQUIRE(parsed.diagnostics.empty());
  auto compiled = model::compile(parsed.scenario);
  REQUIRE(compiled.model);
  model::Model m = *compiled.model;
  // The slowdown lasts from 60 s to 80 s; measure a minute from 150 s.
  m.warmup = SimTime::from_seconds(150);
  m.duration = SimTime::from_seconds(60);
  const Result r = simulate(m);
  INFO("naive " << success(client(r, "naive")) << ", careful " << success(client(r, "careful")));
  CHECK(success(client(r, "naive")) < 0.05);
  CHECK(client(r, "naive").requests.retries > 2 * client(r, "naive").requests.generated);
  CHECK(success(client(r, "careful")) > 0.99);
  CHECK(client(r, "careful").requests.retries == 0);
}

TEST_CASE("every failed attempt is retried up to the attempts allowed", "[simulation][retry]") {
  model::RetryPolicy retry;
  retry.attempts = 4;
  const Result r = simulate(always_failing(retry));
  const auto& q = r.requests;
  CHECK(q.generated > 19000);
  CHECK(q.failed == q.generated);
  CHECK(q.retries == 3 * q.generated);
}

TEST_CASE("a retry budget bounds retries to its share of requests", "[simulation][retry]") {
  model::RetryPolicy retry;
  retry.attempts = 4;
  retry.budget = 0.2;
  const Result r = simulate(always_failing(retry));
  const auto& q = r.requests;
  CHECK(q.failed == q.generated);
  // Each request earns 0.2 tokens and each retry spends one; at most the
  // bank (kMaxRetryTokens) more than the share.
  const double share = 0.2 * static_cast<double>(q.generated);
  CHECK(static_cast<double>(q.retries) <= share + model::kMaxRetryTokens);
  CHECK(static_cast<double>(q.retries) >= share - 1);
}

TEST_CASE("a circuit breaker keeps a dead target's load to its probes", "[simulation][breaker]") {
  // 100 requests/s at constant spacing; the only instance is down from 10 s
  // to 40 s of a 60 s run (no warm-up).
  model::Model m = make_model({service("web", 1, {cpu(Distribution::constant(1e6))})},
                              {open_client(100, 0)}, SimTime::zero(), SimTime::from_seconds(60));
  m.clients[0].arrival = model::Arrival::constant;
  m.outages = {model::InstanceOutage{0, 0, SimTime::from_seconds(10), SimTime::from_seconds(40)}};
  const Result without = simulate(m);
  // Without a breaker every request of the outage reaches the dead instance.
  CHECK(without.nodes[0].failed == 3000);

  model::CircuitBreakerPolicy cb;
  cb.failures = 5;
  cb.open_for = SimTime::from_seconds(5);
  cb.probes = 1;
  m.clients[0].circuit_breaker = cb;
  const Result with = simulate(m);
  // The fifth failure, at 10.04 s, opens it; then one probe every 5 s fails
  // and reopens it: at 15.04, 20.04, 25.04, 30.04 and 35.04 s.
  CHECK(with.nodes[0].failed == 5 + 5);
  CHECK(*with.clients[0].breaker_opened == 6);
  // The instance is back at 40 s, but the breaker stays open until 40.04 s:
  // the requests at 40.00 to 40.03 s fail at once too, the price of a
  // breaker. The probe at 40.04 s succeeds and closes it.
  CHECK(with.requests.short_circuited == 3000 - 10 + 4);
  CHECK(with.requests.failed == 3000 + 4);
  CHECK(with.requests.completed == with.requests.generated - 3004);
}
