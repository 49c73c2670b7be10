// Timeouts and retries, traced event by event on a run small enough to work
// out by hand.
#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "trace_observer.hpp"

using namespace theory;
using Lines = std::vector<std::string>;

TEST_CASE("a timed-out attempt is retried after its backoff and still served",
          "[components][trace][retry]") {
  // One request at 1 s; the server takes 30 ms; the client waits 10 ms per
  // attempt, backs off 5 ms then 10 ms (multiplier 2, no jitter), 3 attempts.
  auto client = open_client(1, 0);
  client.arrival = model::Arrival::constant;
  client.timeout = SimTime::from_ms(10);
  client.retry.attempts = 3;
  client.retry.backoff = SimTime::from_ms(5);
  const auto m = make_model({service("server", 1, {cpu(Distribution::constant(30e6))})}, {client},
                            SimTime::zero(), SimTime::from_seconds(10));
  CHECK(trace::run(m, SimTime::from_ms(1100)) ==
        Lines{"1000000us request 1 created",
              // Attempt 1 times out at 1010 ms; attempt 2 leaves at 1015 ms.
              "1010000us request 1 attempt timed out", "1010000us request 1 retried",
              "1025000us request 1 attempt timed out", "1025000us request 1 retried",
              // The server finishes attempt 1 anyway (each attempt is a
              // request of its own to it); its reply is dropped.
              "1030000us server request 1 completed (arrived 1000000us)",
              // Attempt 3 leaves at 1035 ms and times out at 1045 ms: the
              // request ends timed out, 45 ms after it began.
              "1045000us request 1 attempt timed out", "1045000us request 1 timed out",
              // Attempts 2 and 3 were queued behind attempt 1 all along.
              "1060000us server request 2 completed (arrived 1015000us)",
              "1090000us server request 3 completed (arrived 1035000us)"});
}
