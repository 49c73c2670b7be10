// TraceRecorder: which requests a trace follows, and its bound on memory.
#include "tiersim/metrics/trace.hpp"

#include <catch2/catch.hpp>

namespace tiersim {
namespace {

Request request(std::uint64_t serial, bool measured, std::uint64_t origin = 0) {
  Request r;
  r.serial = serial;
  r.measured = measured;
  r.origin = origin;
  r.created = SimTime::from_ms(static_cast<std::int64_t>(serial));
  return r;
}

TEST_CASE("a trace follows the first N measured requests and what works for them", "[metrics]") {
  TraceRecorder t(2);
  t.request_created(request(1, false));  // warm-up: not traced
  t.request_created(request(2, true));
  t.request_created(request(3, true));
  t.request_created(request(4, true));  // beyond the first 2
  const SimTime at = SimTime::from_ms(10), left = SimTime::from_ms(12);
  for (std::uint64_t serial : {1, 2, 3, 4})
    t.visit_finished(0, 0, request(serial, true), at, left, Outcome::completed);
  // A retry of request 2, and a job published by request 3's handler.
  t.visit_finished(1, 0, request(7, true, 2), at, left, Outcome::failed);
  t.visit_waited(2, 0, request(8, true, 3), at, left);
  t.visit_waited(2, 0, request(8, true, 3), at, at);  // no wait at all: no span
  t.request_finished(request(2, true), Outcome::completed, SimTime::from_ms(20));
  const Trace trace = t.finish();
  CHECK(trace.requests == 2);
  REQUIRE(trace.spans.size() == 5);
  CHECK(trace.spans[0].serial == 2);
  CHECK(trace.spans[1].serial == 3);
  CHECK(trace.spans[2].serial == 7);
  CHECK(trace.spans[2].origin == 2);
  CHECK(trace.spans[2].outcome == "failed");
  CHECK(trace.spans[3].kind == TraceSpan::Kind::wait);
  CHECK(trace.spans[3].origin == 3);
  CHECK(trace.spans[4].kind == TraceSpan::Kind::request);
  CHECK(trace.spans[4].start_ns == 2'000'000);
  CHECK(trace.spans[4].end_ns == 20'000'000);
  CHECK_FALSE(trace.truncated);
}

TEST_CASE("a trace keeps at most its span limit and says it was cut", "[metrics]") {
  TraceRecorder t(10, 3);
  t.request_created(request(1, true));
  for (int i = 0; i < 5; ++i)
    t.visit_finished(0, 0, request(1, true), SimTime::zero(), SimTime::from_ms(1),
                     Outcome::completed);
  const Trace trace = t.finish();
  CHECK(trace.spans.size() == 3);
  CHECK(trace.truncated);
}

}  // namespace
}  // namespace tiersim
