// Sharding by key: a key_hash router sends every request of a key to one
// shard, so each shard's share of the load is the total probability of the
// keys it holds. With Zipf keys that makes a hot shard; with uniform keys,
// an even spread.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "theory_support.hpp"
#include "tiersim/components/backend_pool.hpp"
#include "tiersim/components/load_balancer.hpp"

namespace tiersim {
namespace {

using namespace theory;

constexpr int kShards = 8;
constexpr std::uint64_t kKeys = 10'000;

// Clients -> router (layer 7, key_hash) -> 8 shards.
model::Model sharded(const KeySpace& keys) {
  model::Node router = load_balancer("router", 1, model::BalancingPolicy::key_hash);
  router.layer = 7;
  model::Node shards = service("shards", 4, {cpu(Distribution(ExponentialDist{1e6}))}, kShards);
  model::Client c = open_client(2000, 0);
  c.mix[0].keys = keys;
  return make_model({router, shards}, {c}, SimTime::from_seconds(5), SimTime::from_seconds(100));
}

// Each shard's expected share: the probability of the keys it holds, by
// asking a pool of the same policy where each key goes.
std::vector<double> expected_shares(const std::vector<double>& p) {
  std::vector<BackendPool::Backend> backends;
  for (std::uint32_t i = 0; i < kShards; ++i) backends.push_back({1, i, 1});
  BackendPool pool(backends, model::BalancingPolicy::key_hash, RandomStream(1));
  std::vector<double> share(kShards, 0.0);
  for (std::uint64_t k = 1; k <= kKeys; ++k)
    share[*pool.pick(LoadBalancer::key_flow(0, k))] += p[k];
  return share;
}

void check_shares(const Result& r, const std::vector<double>& expected) {
  REQUIRE(r.nodes[1].balance);
  const auto& counts = r.nodes[1].balance->requests;
  double n = 0;
  for (auto c : counts) n += static_cast<double>(c);
  for (int s = 0; s < kShards; ++s) {
    const double e = expected[static_cast<std::size_t>(s)];
    INFO("shard " << s << ": " << counts[static_cast<std::size_t>(s)] << " of " << n
                  << ", expected share " << e);
    // Binomial, within 5 standard deviations.
    CHECK(std::abs(static_cast<double>(counts[static_cast<std::size_t>(s)]) - n * e) <=
          5 * std::sqrt(n * e * (1 - e)));
  }
}

TEST_CASE("with zipf keys each shard carries the probability of its keys", "[theory][keys]") {
  KeySpace keys;
  keys.kind = KeySpace::Kind::zipf;
  keys.count = kKeys;
  keys.exponent = 1.1;
  std::vector<double> p(kKeys + 1, 0.0);
  double norm = 0;
  for (std::uint64_t k = 1; k <= kKeys; ++k) norm += std::pow(static_cast<double>(k), -1.1);
  for (std::uint64_t k = 1; k <= kKeys; ++k) p[k] = std::pow(static_cast<double>(k), -1.1) / norm;
  const std::vector<double> expected = expected_shares(p);
  const Result r = simulate(sharded(keys));
  check_shares(r, expected);
  // The shard of key 1 alone carries more than 1/8 + p(1) / 2.
  double hottest = 0;
  for (double e : expected) hottest = std::max(hottest, e);
  CHECK(hottest > 1.0 / kShards + p[1] / 2);
  CHECK(r.nodes[1].balance->requests_max_over_mean > 1.4);
}

TEST_CASE("with uniform keys the shards share the load evenly", "[theory][keys]") {
  KeySpace keys;
  keys.count = kKeys;
  const std::vector<double> p(kKeys + 1, 1.0 / kKeys);
  const Result r = simulate(sharded(keys));
  check_shares(r, expected_shares(p));
  CHECK(r.nodes[1].balance->requests_max_over_mean < 1.1);
}

TEST_CASE("two key_hash balancers in a row split keys independently", "[theory][keys]") {
  // A router over two sub-routers, each over 4 shards: every one of the 8
  // shards gets an eighth of uniform keys. Had both levels split keys the
  // same way, each sub-router would use only half of its shards.
  model::Node top = load_balancer("router", 1, model::BalancingPolicy::key_hash);
  top.pools = {{1, 2}};
  model::Node left = load_balancer("left", 3, model::BalancingPolicy::key_hash);
  model::Node right = load_balancer("right", 4, model::BalancingPolicy::key_hash);
  for (model::Node* lb : {&top, &left, &right}) lb->layer = 7;
  const model::Handler work = {cpu(Distribution(ExponentialDist{1e6}))};
  model::Client c = open_client(2000, 0);
  KeySpace keys;
  keys.count = kKeys;
  c.mix[0].keys = keys;
  const Result r =
      simulate(make_model({top, left, right, service("a", 4, work, 4), service("b", 4, work, 4)},
                          {c}, SimTime::from_seconds(5), SimTime::from_seconds(100)));
  double n = 0;
  for (const int node : {3, 4})
    for (auto count : r.nodes[static_cast<std::size_t>(node)].balance->requests)
      n += static_cast<double>(count);
  for (const int node : {3, 4})
    for (auto count : r.nodes[static_cast<std::size_t>(node)].balance->requests) {
      INFO("node " << node << ": " << count << " of " << n);
      CHECK(std::abs(static_cast<double>(count) - n / 8) <=
            5 * std::sqrt(n / 8 * 7 / 8) + 0.02 * n);
    }
}

}  // namespace
}  // namespace tiersim
