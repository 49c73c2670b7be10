// Message queues against queueing theory: a queue and c consumer slots are
// an M/M/c system (Erlang C); a message that fails each delivery with
// probability p is dead-lettered after k deliveries with probability p^k;
// a burst's backlog is what the fluid model says.
#include <catch2/catch.hpp>
#include <cmath>

#include "queue_support.hpp"

namespace tiersim {
namespace {

using namespace theory;

double factorial(int n) {
  return n <= 1 ? 1.0 : n * factorial(n - 1);
}

TEST_CASE("a queue with c consumer slots is M/M/c: Erlang C", "[theory][queue]") {
  const int c = 4;
  const double mu = 100, lambda = 320, a = lambda / mu;
  double below = 0;
  for (int k = 0; k < c; ++k) below += std::pow(a, k) / factorial(k);
  const double top = std::pow(a, c) / factorial(c) * c / (c - a);
  const double erlang_c = top / (below + top);  // P(a message waits)
  const double wait = erlang_c / (c * mu - lambda);
  const auto m = queued(lambda, c, {cpu(Distribution(ExponentialDist{1e7}))},
                        SimTime::from_seconds(50), SimTime::from_seconds(500));
  const auto queue_of = [](const Result& r) -> const QueueResult& {
    REQUIRE(r.nodes[kQueue].queue);
    return *r.nodes[kQueue].queue;
  };
  const Estimate waited = replicate(m, [&](const Result& r) {
    const QueueResult& q = queue_of(r);
    return static_cast<double>(q.waited) / static_cast<double>(q.delivered);
  });
  INFO("P(wait): simulated " << waited.mean << " +/- " << waited.half_width << ", Erlang C "
                             << erlang_c);
  CHECK(std::abs(waited.mean - erlang_c) <= waited.half_width);
  CHECK(waited.half_width <= 0.03 * erlang_c);
  // Publish to done: the wait for a slot plus the 10 ms job.
  const Estimate latency =
      replicate(m, [&](const Result& r) { return queue_of(r).job_latency.mean_ms; });
  INFO("job latency: simulated " << latency.mean << " +/- " << latency.half_width << ", theory "
                                 << ms(wait + 1 / mu));
  CHECK(std::abs(latency.mean - ms(wait + 1 / mu)) <= latency.half_width);
  CHECK(latency.half_width <= 0.04 * ms(wait + 1 / mu));
}

TEST_CASE(
    "failing with probability p, a message is dead-lettered after k receives with "
    "probability p^k",
    "[theory][queue]") {
  const double p = 0.5;
  model::Model m = queued(
      200, 8, {cpu(Distribution(ExponentialDist{5e6})), model::Step{model::FailStep{p}, "fail"}},
      SimTime::from_seconds(10), SimTime::from_seconds(300));
  m.nodes[kQueue].queue->max_receives = 3;
  m.nodes[kQueue].queue->visibility_timeout = SimTime::from_ms(500);
  const Result r = simulate(m);
  const QueueResult& q = *r.nodes[kQueue].queue;
  const double decided = static_cast<double>(q.completed + q.dead_lettered);
  const double share = static_cast<double>(q.dead_lettered) / decided;
  const double expected = p * p * p;
  INFO(q.dead_lettered << " dead-lettered of " << decided);
  // Binomial: within 4 standard deviations.
  CHECK(std::abs(share - expected) <= 4 * std::sqrt(expected * (1 - expected) / decided));
  CHECK(decided > 50000);
  // Each message is delivered once and redelivered after each failure but
  // the last: 1 + p + p^2 receives per message.
  const double receives =
      static_cast<double>(q.delivered + q.redelivered) / static_cast<double>(q.delivered);
  CHECK(receives == Approx(1 + p + p * p).epsilon(0.02));
  CHECK(q.duplicates == 0);
}

TEST_CASE("a burst's backlog in a queue is what the fluid model says", "[theory][queue]") {
  // Two slots at a constant 10 ms: 200 jobs/s. 50/s are published, and
  // 350/s for 60 s from t = 60 s: the depth grows at 150/s to 9,000.
  model::Model m = queued(50, 2, {cpu(Distribution::constant(1e7))}, SimTime::zero(),
                          SimTime::from_seconds(300));
  m.clients[0].arrival = model::Arrival::constant;
  model::Crowd spike;
  spike.kind = model::Crowd::Kind::spike;
  spike.rate = 300;
  spike.at = SimTime::from_seconds(60);
  spike.length = SimTime::from_seconds(60);
  m.clients[0].shape = {spike};
  const Result r = simulate(m);
  const QueueResult& q = *r.nodes[kQueue].queue;
  CHECK(q.depth_max == Approx(9000).margin(3));
  // It drains at 200 - 50 = 150/s: the oldest message waited 9,000 / 200 s
  // (it arrived last in the spike, behind the 9,000).
  CHECK(q.oldest_age_max_s == Approx(45).margin(0.05));
  // The publishers never wait for the jobs.
  CHECK(r.latency.max_ms == 0);
  CHECK(q.completed == q.published);
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

using namespace theory;

TEST_CASE("a full queue rejects publishes, or blocks its publishers", "[theory][queue]") {
  // 300 jobs/s offered, 100/s served (one slot, 10 ms): the queue fills.
  model::Model m = queued(300, 1, {cpu(Distribution::constant(1e7))}, SimTime::from_seconds(10),
                          SimTime::from_seconds(60));
  m.nodes[kQueue].queue->capacity = 100;
  SECTION("reject: the excess fails at once, the publishers never wait") {
    const Result r = simulate(m);
    const QueueResult& q = *r.nodes[kQueue].queue;
    CHECK(q.depth_max <= 100);
    CHECK(q.rejected == Approx(200.0 * 60).epsilon(0.05));
    CHECK(r.requests.rejected == q.rejected);
    CHECK(r.latency.max_ms == 0);
  }
  SECTION("block: nothing is refused, the publishers wait for room") {
    m.nodes[kQueue].queue->block_when_full = true;
    const Result r = simulate(m);
    const QueueResult& q = *r.nodes[kQueue].queue;
    CHECK(q.depth_max <= 100);
    CHECK(q.rejected == 0);
    CHECK(r.requests.rejected == 0);
    // Publishing runs at the consumers' pace, and the publishers queue up.
    CHECK(q.published == Approx(100.0 * 60).epsilon(0.02));
    CHECK(r.latency.p50_ms > 1000);
  }
}

TEST_CASE("the broker's CPU per message loads the queue's cores", "[theory][queue]") {
  model::Model m = queued(200, 4, {cpu(Distribution(ExponentialDist{1e7}))},
                          SimTime::from_seconds(10), SimTime::from_seconds(200));
  m.nodes[kQueue].machine.cores = 2;
  m.nodes[kQueue].queue->message_cpu = Distribution::constant(2e6);  // 2 ms, stored and delivered
  const Result r = simulate(m);
  const QueueResult& q = *r.nodes[kQueue].queue;
  // 2 ms per message stored and per delivery, 200/s each, on 2 cores: 40%.
  CHECK(*r.nodes[kQueue].utilization.cpu == Approx(0.4).epsilon(0.03));
  // A publisher waits for the store's 2 ms at least.
  CHECK(r.nodes[kQueue].latency.p50_ms >= 2.0);
  CHECK(q.completed == Approx(q.published).epsilon(0.01));
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

using namespace theory;

TEST_CASE("a FIFO queue sends one message of a group at a time, in order", "[theory][queue]") {
  // 4 slots, 10 ms jobs, 150 messages/s from anonymous publishers: one
  // group. Standard: the slots share the load. FIFO: one message at a
  // time, at most 100/s, and the queue grows.
  model::Model m = queued(150, 4, {cpu(Distribution::constant(1e7))}, SimTime::from_seconds(5),
                          SimTime::from_seconds(60));
  m.clients[0].arrival = model::Arrival::constant;
  const Result standard = simulate(m);
  CHECK(standard.nodes[kQueue].queue->completed == Approx(150.0 * 60).epsilon(0.01));
  CHECK(standard.nodes[kQueue].queue->depth_max <= 1);
  m.nodes[kQueue].queue->fifo = true;
  const Result fifo = simulate(m);
  CHECK(fifo.nodes[kQueue].queue->completed == Approx(100.0 * 60).epsilon(0.01));
  CHECK(fifo.nodes[kQueue].queue->depth_max > 2500);
  // With a population, each user is a group of its own: order per user,
  // and the slots busy again.
  m.clients[0].population = 1000;
  const Result users = simulate(m);
  CHECK(users.nodes[kQueue].queue->completed == Approx(150.0 * 60).epsilon(0.02));
}

}  // namespace
}  // namespace tiersim
