// Rate limiting: a token bucket admits what its rate and burst allow, and
// per-client buckets keep one noisy client from starving the others.
#include <catch2/catch.hpp>

#include "theory_support.hpp"

namespace tiersim {
namespace {

using namespace theory;

model::Model limited(model::RateLimit limit, std::vector<model::Client> clients) {
  model::Node api = service("api", 1000, {cpu(Distribution::constant(1000))});
  api.rate_limit = limit;
  return make_model({api}, std::move(clients), SimTime::zero(), SimTime::from_seconds(10));
}

TEST_CASE("a token bucket admits burst + rate x T under overload", "[rate_limit]") {
  // 1,000 requests/s, one every millisecond from t = 1 ms, against 100/s
  // with a burst of 50. The bucket starts full: the n-th admission (from 0)
  // is at max(n + 1, 10 n - 489) ms, so the first 55 pass at once (five
  // tokens accrue meanwhile) and then one every 10 ms. In [0, 10 s): n up
  // to 1048, 1,049 requests, which is burst + rate x T = 1,050 less the one
  // due exactly at the window's end.
  model::Client c = open_client(1000, 0);
  c.arrival = model::Arrival::constant;
  model::RateLimit limit;
  limit.rate = 100;
  limit.burst = 50;
  const Result r = simulate(limited(limit, {c}));
  CHECK(r.requests.generated == 9999);
  CHECK(r.requests.completed == 1049);
  CHECK(r.requests.rejected == 9999 - 1049);
  CHECK(r.requests.rate_limited == 9999 - 1049);
  REQUIRE(r.nodes[0].rate_limited);
  CHECK(*r.nodes[0].rate_limited == 9999 - 1049);

  // A longer window: still burst + rate x T - 1.
  model::Model longer = limited(limit, {c});
  longer.duration = SimTime::from_seconds(60);
  CHECK(simulate(longer).requests.completed == 50 + 100 * 60 - 1);
}

TEST_CASE("per-client buckets protect a polite client from a noisy one", "[rate_limit]") {
  model::Client noisy = open_client(1000, 0);
  noisy.name = "noisy";
  model::Client polite = open_client(10, 0);
  polite.name = "polite";
  model::RateLimit limit;
  limit.rate = 100;
  limit.burst = 20;

  // One bucket for all: the polite client's requests mostly find it empty.
  const Result shared = simulate(limited(limit, {noisy, polite}));
  const auto& polite_shared = shared.clients[1].requests;
  CHECK(polite_shared.rate_limited > polite_shared.generated / 2);

  // A bucket per client (an API key each): the polite client, at a tenth of
  // its limit, is never turned away; the noisy one gets about its 100/s.
  limit.per = model::RateLimit::Per::client;
  const Result own = simulate(limited(limit, {noisy, polite}));
  CHECK(own.clients[1].requests.rate_limited == 0);
  CHECK(own.clients[1].requests.completed == own.clients[1].requests.generated);
  CHECK(own.clients[0].throughput_rps == Approx(100).margin(3));
}

TEST_CASE("per-user buckets limit each user and let anonymous users pass", "[rate_limit]") {
  model::RateLimit limit;
  limit.rate = 1;
  limit.burst = 1;
  limit.per = model::RateLimit::Per::user;
  // Anonymous one-off users carry no identity: nothing to limit.
  const Result anonymous = simulate(limited(limit, {open_client(200, 0)}));
  CHECK(anonymous.requests.rate_limited == 0);
  // Five users at 40/s each against 1/s each: each gets at most its first
  // request and then one a second.
  model::Client users = open_client(200, 0);
  users.population = 5;
  const Result r = simulate(limited(limit, {users}));
  CHECK(r.requests.completed <= 5 * (1 + 10));
  CHECK(r.requests.completed >= 5 * 9);
}

}  // namespace
}  // namespace tiersim
