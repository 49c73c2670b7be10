// How consumers receive from a queue: long and short polling, batches, and
// what the calls cost. Each check follows from the receive loop itself: an
// idle long poll comes back empty once per wait, a short poll leaves a
// message waiting half an interval on average, and a batch's last message
// waits its turn with its visibility timeout running.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "queue_support.hpp"

namespace tiersim {
namespace {

using namespace theory;

const QueueResult& queue_of(const Result& r) {
  REQUIRE(r.nodes[kQueue].queue);
  return *r.nodes[kQueue].queue;
}

TEST_CASE("an idle slot's receive comes back empty once per wait, or per poll", "[queue]") {
  // Nothing is published (one message in 10^9 s on average): 3 idle slots
  // for 600 s.
  model::Model m = queued(1e-9, 3, {cpu(Distribution::constant(1e6))}, SimTime::zero(),
                          SimTime::from_seconds(600));
  SECTION("long polling: a receive waits 20 s, comes back empty and asks again") {
    const QueueResult q = queue_of(simulate(m));
    CHECK(q.published == 0);
    // At 20 s, 40 s, ..., 580 s, for each slot: the window is [0 s, 600 s).
    CHECK(q.empty_receives == 3 * 29);
    CHECK(q.receives == 0);
    CHECK(q.requests == q.empty_receives);
  }
  SECTION("short polling: each slot asks once a poll_interval, the three spread over it") {
    m.nodes[kQueue].queue->receive_wait = SimTime::zero();
    m.nodes[kQueue].queue->poll_interval = SimTime::from_seconds(1);
    const QueueResult q = queue_of(simulate(m));
    // Slot k asks at k/3 s and then every second: 600 times each in the
    // window [0 s, 600 s).
    CHECK(q.empty_receives == 1800);
  }
}

TEST_CASE("short polling makes a message wait half the poll interval; long polling does not",
          "[queue]") {
  // One slot, 1 ms jobs, 0.5 messages/s: the slot is almost always idle.
  const double interval_s = 1, job_ms = 1;
  const SimTime duration = SimTime::from_seconds(4000);
  model::Model m = queued(0.5, 1, {cpu(Distribution::constant(job_ms * 1e6))},
                          SimTime::from_seconds(10), duration);
  m.nodes[kQueue].queue->price_per_million_requests = 0.40;
  const Result long_polling = simulate(m);
  const QueueResult& l = queue_of(long_polling);
  // A long poll returns the moment a message is visible.
  CHECK(l.job_latency.mean_ms == Approx(job_ms).epsilon(0.01));
  CHECK(l.empty_receives <= 2);  // an idle spell of 20 s has probability e^-10

  m.nodes[kQueue].queue->receive_wait = SimTime::zero();
  m.nodes[kQueue].queue->poll_interval = SimTime::from_seconds(1);
  const Result short_polling = simulate(m);
  const QueueResult& s = queue_of(short_polling);
  // Poisson arrivals know nothing of the polls: a message waits for the
  // next one, uniform over the interval (sd interval / sqrt 12). Within 4
  // standard errors.
  const double n = static_cast<double>(s.completed);
  const double expected_ms = ms(interval_s / 2) + job_ms;
  INFO("job latency " << s.job_latency.mean_ms << " ms over " << n << " jobs, theory "
                      << expected_ms);
  CHECK(std::abs(s.job_latency.mean_ms - expected_ms) <=
        4 * ms(interval_s / std::sqrt(12.0)) / std::sqrt(n));
  CHECK(n > 1800);
  // Every pause follows an empty receive: one a second, less the jobs' time.
  CHECK(static_cast<double>(s.empty_receives) == Approx(4000).epsilon(0.01));
  CHECK(s.receives == s.delivered);
  // The calls are priced: 0.40 USD a million.
  const double hours = duration.seconds() / 3600;
  CHECK(s.requests == s.published + s.receives + s.empty_receives + s.deletes);
  CHECK(short_polling.nodes[kQueue].cost_per_hour_usd ==
        Approx(0.40 * static_cast<double>(s.requests) / 1e6 / hours).epsilon(1e-12));
  CHECK(short_polling.cost.per_hour_usd == Approx(short_polling.nodes[kQueue].cost_per_hour_usd));
  // Three calls a job (publish, receive, delete) either way, give or take
  // the jobs astride the window's edges; short polling adds the empty
  // receives, two for every three calls here.
  CHECK(static_cast<double>(l.requests) ==
        Approx(3.0 * static_cast<double>(l.published) + static_cast<double>(l.empty_receives))
            .margin(4));
  CHECK(short_polling.nodes[kQueue].cost_per_hour_usd >
        1.6 * long_polling.nodes[kQueue].cost_per_hour_usd);
}

TEST_CASE("a batch's last message waits its turn, its visibility timeout running", "[queue]") {
  // 4 slots, 100 ms jobs, 30 messages/s (75% busy). A batch of 10 takes a
  // slot 1 s to work through.
  model::Model m = queued(30, 4, {cpu(Distribution::constant(1e8))}, SimTime::from_seconds(10),
                          SimTime::from_seconds(300));
  model::QueueSpec& spec = *m.nodes[kQueue].queue;
  spec.receive_batch = 10;
  spec.visibility_timeout = SimTime::from_ms(1050);
  const QueueResult fits = queue_of(simulate(m));
  CHECK(fits.redelivered == 0);
  CHECK(fits.duplicates == 0);
  // Busy slots let messages gather: receives carry more than one.
  CHECK(static_cast<double>(fits.receives) < 0.9 * static_cast<double>(fits.delivered));
  CHECK(fits.completed == Approx(30.0 * 300).epsilon(0.03));

  // 350 ms: the fourth message of a batch and later ones come back while
  // they wait, and an idle slot takes them again.
  spec.visibility_timeout = SimTime::from_ms(350);
  const QueueResult late = queue_of(simulate(m));
  CHECK(late.redelivered > 100);
  CHECK(late.duplicates > 100);
  // One message at a time, the same 350 ms is plenty for a 100 ms job.
  spec.receive_batch = 1;
  const QueueResult single = queue_of(simulate(m));
  CHECK(single.redelivered == 0);
  CHECK(single.receives == single.delivered);
}

TEST_CASE("a FIFO batch takes a group's messages in a row, and the group waits for them",
          "[queue]") {
  // One group (anonymous publishers), 150/s, 10 ms jobs, 4 slots: the
  // group's messages are worked one after another whatever the batch, at
  // most 100/s, and under that backlog each receive takes a whole batch.
  model::Model m = queued(150, 4, {cpu(Distribution::constant(1e7))}, SimTime::from_seconds(5),
                          SimTime::from_seconds(60));
  m.clients[0].arrival = model::Arrival::constant;
  m.nodes[kQueue].queue->fifo = true;
  m.nodes[kQueue].queue->receive_batch = 5;
  const QueueResult q = queue_of(simulate(m));
  CHECK(q.completed == Approx(100.0 * 60).epsilon(0.01));
  CHECK(static_cast<double>(q.delivered) / static_cast<double>(q.receives) ==
        Approx(5).epsilon(0.01));
  CHECK(q.duplicates == 0);
}

TEST_CASE("each call is billed per 64 KiB of its payload", "[queue]") {
  // 200 KB messages: 4 chunks of 64 KiB to publish, 4 to receive one, and
  // 1 to delete it; a batch of 2 is 400 KB, 7 chunks.
  model::Model m = queued(20, 2, {cpu(Distribution::constant(1e7))}, SimTime::from_seconds(5),
                          SimTime::from_seconds(100));
  std::get<model::CallStep>((*m.nodes[kFront].handlers[0])[0].action).request_bytes = 200'000;
  const QueueResult one = queue_of(simulate(m));
  CHECK(one.published > 1800);
  CHECK(one.requests == 4 * one.published + 4 * one.receives + one.deletes + one.empty_receives);
  // A backlog (one slot, 50 ms jobs, 40/s) fills every batch of 2.
  m = queued(40, 1, {cpu(Distribution::constant(5e7))}, SimTime::from_seconds(5),
             SimTime::from_seconds(100));
  std::get<model::CallStep>((*m.nodes[kFront].handlers[0])[0].action).request_bytes = 200'000;
  m.nodes[kQueue].queue->receive_batch = 2;
  const QueueResult two = queue_of(simulate(m));
  CHECK(two.delivered == 2 * two.receives);
  CHECK(two.requests == 4 * two.published + 7 * two.receives + two.deletes + two.empty_receives);
}

TEST_CASE("a FIFO batch with a failure leaves the group's later messages for after it", "[queue]") {
  // One group (anonymous publishers), batches of 5, a third of the jobs
  // failing: each group still completes in publish order.
  model::Model m =
      queued(50, 4, {cpu(Distribution::constant(1e7)), model::Step{model::FailStep{0.3}, "fail"}},
             SimTime::from_seconds(5), SimTime::from_seconds(60));
  m.clients[0].arrival = model::Arrival::constant;
  model::QueueSpec& spec = *m.nodes[kQueue].queue;
  spec.fifo = true;
  spec.receive_batch = 5;
  spec.visibility_timeout = SimTime::from_ms(200);
  m.trace_requests = 100'000;  // every request, and its job
  const Result r = simulate(m);
  REQUIRE(r.trace);
  // A job's serial is its publish order; its completion, the end of its
  // completed visit of the workers.
  std::map<std::uint64_t, std::int64_t> done;
  for (const TraceSpan& s : r.trace->spans)
    if (s.kind == TraceSpan::Kind::visit && s.node == kWorkers && s.outcome == "completed")
      done.emplace(s.serial, s.end_ns);
  // The group is serial, and each failure holds it for a timeout.
  REQUIRE(done.size() > 300);
  std::int64_t last = 0, out_of_order = 0;
  for (const auto& [serial, at] : done) {
    out_of_order += at < last;
    last = std::max(last, at);
  }
  CHECK(out_of_order == 0);
  CHECK(queue_of(r).redelivered > 100);
}

TEST_CASE("batches that time out together go to the dead-letter queue", "[queue]") {
  // 200 ms jobs in batches of 10 under a 50 ms visibility timeout, one
  // receive allowed: each batch is dead-lettered at once, while its
  // messages still wait in their slot.
  model::Model m = queued(40, 2, {cpu(Distribution::constant(2e8))}, SimTime::from_seconds(5),
                          SimTime::from_seconds(60));
  model::QueueSpec& spec = *m.nodes[kQueue].queue;
  spec.receive_batch = 10;
  spec.visibility_timeout = SimTime::from_ms(50);
  spec.max_receives = 1;
  spec.dead_letter = 3;
  m.nodes.push_back(queue_node("dead", kWorkers));
  const Result r = simulate(m);
  const QueueResult& q = queue_of(r);
  CHECK(q.dead_lettered > 200);
  CHECK(q.completed == 0);  // every job outlives its 50 ms
  REQUIRE(r.nodes[3].queue);
  CHECK(r.nodes[3].queue->published == Approx(q.dead_lettered).margin(10));
  // Each message is delivered once: done in time, or dead-lettered.
  CHECK(q.redelivered == 0);
}

}  // namespace
}  // namespace tiersim
