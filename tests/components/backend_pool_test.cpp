#include "tiersim/components/backend_pool.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <vector>

using namespace tiersim;
using model::BalancingPolicy;

namespace {

constexpr std::array kAllPolicies{
    BalancingPolicy::random,
    BalancingPolicy::round_robin,
    BalancingPolicy::least_connections,
    BalancingPolicy::least_outstanding_requests,
    BalancingPolicy::power_of_two_choices,
    BalancingPolicy::weighted_random,
    BalancingPolicy::hash,
    BalancingPolicy::ip_hash,
};

BackendPool make_pool(std::uint32_t n, BalancingPolicy policy, std::uint64_t seed = 1,
                      std::vector<double> weights = {}) {
  std::vector<BackendPool::Backend> backends(n);
  for (std::uint32_t b = 0; b < n; ++b) backends[b] = {7, b, weights.empty() ? 1.0 : weights[b]};
  return BackendPool(std::move(backends), policy, RandomStream(seed, "lb", "balance"));
}

std::vector<std::uint32_t> picks(BackendPool& pool, int count, bool add_load = false) {
  std::vector<std::uint32_t> out;
  for (int i = 0; i < count; ++i) {
    const auto b = pool.pick();
    REQUIRE(b);
    if (add_load) pool.add_load(*b, 1);
    out.push_back(*b);
  }
  return out;
}

}  // namespace

TEST_CASE("a backend pool starts with every backend in service and idle",
          "[components][backend_pool]") {
  auto pool = make_pool(3, BalancingPolicy::random);
  CHECK(pool.size() == 3);
  CHECK(pool.in_service_count() == 3);
  CHECK(pool.backend(2).node == 7);
  CHECK(pool.backend(2).instance == 2);
  for (std::uint32_t b = 0; b < 3; ++b) {
    CHECK(pool.in_service(b));
    CHECK(pool.load(b) == 0);
  }
  pool.add_load(1, 3);
  pool.add_load(1, -1);
  CHECK(pool.load(1) == 2);
}

TEST_CASE("round robin covers backends in index order, counts within one",
          "[components][backend_pool]") {
  auto pool = make_pool(10, BalancingPolicy::round_robin);
  const auto sequence = picks(pool, 10007);
  CHECK(std::vector<std::uint32_t>(sequence.begin(), sequence.begin() + 12) ==
        std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1});
  std::vector<int> counts(10, 0);
  for (const auto b : sequence) ++counts[b];
  const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
  CHECK(*hi - *lo <= 1);
}

TEST_CASE("round robin skips backends out of service and resumes after them",
          "[components][backend_pool]") {
  auto pool = make_pool(5, BalancingPolicy::round_robin);
  pool.set_in_service(1, false);
  pool.set_in_service(3, false);
  CHECK(picks(pool, 5) == std::vector<std::uint32_t>{0, 2, 4, 0, 2});
  pool.set_in_service(3, true);
  CHECK(picks(pool, 5) == std::vector<std::uint32_t>{3, 4, 0, 2, 3});
  pool.set_in_service(4, false);
  pool.set_in_service(0, false);
  CHECK(picks(pool, 3) == std::vector<std::uint32_t>{2, 3, 2});
}

TEST_CASE("least connections picks the least loaded and rotates ties",
          "[components][backend_pool]") {
  auto pool = make_pool(4, BalancingPolicy::least_connections);
  // Idle: covered in turn like round robin.
  CHECK(picks(pool, 5) == std::vector<std::uint32_t>{0, 1, 2, 3, 0});
  // Loads 0,5,0,0 and the last pick was 0: ties at 0 go from 1 on.
  pool.add_load(1, 5);
  CHECK(picks(pool, 7, true) == std::vector<std::uint32_t>{2, 3, 0, 2, 3, 0, 2});
  // Loads 2,5,3,2 and the last pick was 2.
  pool.add_load(1, -4);  // 2,1,3,2
  CHECK(picks(pool, 3, true) == std::vector<std::uint32_t>{1, 3, 0});
  // Loads 3,2,3,3: 1 is the least; out of service, ties at 3 go from 1 on.
  pool.set_in_service(1, false);
  CHECK(picks(pool, 3, true) == std::vector<std::uint32_t>{2, 3, 0});
}

namespace {

// 1000 random operations on a pool and on an O(n) reference: the first
// in-service backend of least load (any, for round robin) at or after the
// one following the last pick, wrapping.
void check_against_reference(std::uint32_t n, BalancingPolicy policy) {
  auto pool = make_pool(n, policy);
  RandomStream ops(99, "test", "ops");
  std::vector<std::int64_t> load(n, 0);
  std::vector<bool> up(n, true);
  std::uint32_t cursor = 0;
  int picked = 0;
  const auto load_of = [&](std::uint32_t c) {
    return policy == BalancingPolicy::round_robin ? 0 : load[c];
  };
  for (int op = 0; op < 1000; ++op) {
    const auto b = static_cast<std::uint32_t>(ops.next_below(n));
    const auto kind = ops.next_below(4);
    if (kind == 0) {
      const auto delta = static_cast<std::int64_t>(ops.next_below(7)) - 3;
      pool.add_load(b, delta);
      load[b] += delta;
    } else if (kind == 1) {
      const bool in = ops.next_below(3) != 0;  // mostly in service
      pool.set_in_service(b, in);
      up[b] = in;
    } else {
      std::optional<std::uint32_t> expected;
      for (std::uint32_t k = 0; k < n; ++k) {
        const std::uint32_t c = (cursor + k) % n;
        if (up[c] && (!expected || load_of(c) < load_of(*expected))) expected = c;
      }
      if (expected) cursor = (*expected + 1) % n;
      const auto got = pool.pick();
      REQUIRE(got == expected);
      if (got) {
        ++picked;
        pool.add_load(*got, 1);
        load[*got] += 1;
      }
    }
    REQUIRE(pool.in_service_count() ==
            static_cast<std::uint32_t>(std::count(up.begin(), up.end(), true)));
    for (std::uint32_t c = 0; c < n; ++c) REQUIRE(pool.load(c) == load[c]);
  }
  CHECK(picked > 250);
}

}  // namespace

TEST_CASE("least load and round robin picks match a brute-force reference",
          "[components][backend_pool]") {
  // n = 37, and sizes at the edges of the tree's levels of 8 nodes.
  for (const std::uint32_t n : {37u, 1u, 2u, 8u, 9u, 64u, 65u, 513u}) {
    for (const auto policy : {BalancingPolicy::round_robin, BalancingPolicy::least_connections,
                              BalancingPolicy::least_outstanding_requests}) {
      INFO("n = " << n << ", policy " << static_cast<int>(policy));
      check_against_reference(n, policy);
    }
  }
}

TEST_CASE("weighted random picks in proportion to weight among backends in service",
          "[components][backend_pool]") {
  const std::vector<double> weights{1, 2, 4, 8, 0.5, 16, 3};
  auto pool = make_pool(7, BalancingPolicy::weighted_random, 1, weights);
  pool.set_in_service(3, false);
  double total = 0;
  for (std::uint32_t b = 0; b < 7; ++b) total += pool.in_service(b) ? weights[b] : 0;
  constexpr int kPicks = 200'000;
  std::vector<int> counts(7, 0);
  for (const auto b : picks(pool, kPicks)) ++counts[b];
  CHECK(counts[3] == 0);
  // Each count is binomial(N, p) with p = weight / total: it must lie within
  // 5 standard deviations sqrt(N p (1 - p)) of N p. A correct pool fails one
  // such check with probability below 6e-7.
  for (std::uint32_t b = 0; b < 7; ++b) {
    if (b == 3) continue;
    const double p = weights[b] / total;
    const double sd = std::sqrt(kPicks * p * (1 - p));
    INFO("backend " << b << ": " << counts[b] << " picks, expected " << kPicks * p);
    CHECK(std::abs(counts[b] - kPicks * p) <= 5 * sd);
  }
}

TEST_CASE("weighted random never picks a backend out of service", "[components][backend_pool]") {
  // Weights of very different sizes, most backends out: rounding of the
  // draw against the sums must never land on a backend of zero weight.
  constexpr std::uint32_t n = 50;
  std::vector<double> weights(n);
  for (std::uint32_t b = 0; b < n; ++b) weights[b] = std::ldexp(1.0, static_cast<int>(b % 7) * 9);
  auto pool = make_pool(n, BalancingPolicy::weighted_random, 3, weights);
  for (std::uint32_t b = 0; b < n; ++b)
    if (b % 9 != 4) pool.set_in_service(b, false);
  for (int i = 0; i < 20'000; ++i) {
    const auto b = pool.pick();
    REQUIRE(b);
    REQUIRE(*b % 9 == 4);
  }
  pool.set_in_service(49, true);
  pool.set_in_service(4, false);
  pool.set_in_service(13, false);
  for (int i = 0; i < 20'000; ++i) {
    const auto b = pool.pick();
    REQUIRE(b);
    REQUIRE(pool.in_service(*b));
  }
}

TEST_CASE("hash keeps each flow on its backend and moves only a removed backend's flows",
          "[components][backend_pool]") {
  for (const auto policy : {BalancingPolicy::hash, BalancingPolicy::ip_hash}) {
    constexpr std::uint32_t n = 10;
    constexpr std::uint64_t kFlows = 10'000;
    auto pool = make_pool(n, policy, 1);
    auto other = make_pool(n, policy, 2);  // the seed plays no part
    std::vector<std::uint32_t> before(kFlows);
    std::vector<int> counts(n, 0);
    for (std::uint64_t f = 0; f < kFlows; ++f) {
      const std::uint64_t flow = f * 0x9e3779b97f4a7c15 + 12345;
      before[f] = *pool.pick(flow);
      REQUIRE(*pool.pick(flow) == before[f]);
      REQUIRE(*other.pick(flow) == before[f]);
      ++counts[before[f]];
    }
    // Binomial(10000, 0.1): sd 30; 800 and 1200 are more than 6 sd away.
    for (const int c : counts) CHECK((c > 800 && c < 1200));

    pool.set_in_service(3, false);
    int moved = 0;
    for (std::uint64_t f = 0; f < kFlows; ++f) {
      const std::uint64_t flow = f * 0x9e3779b97f4a7c15 + 12345;
      const std::uint32_t now = *pool.pick(flow);
      REQUIRE(now != 3);
      if (before[f] != 3) REQUIRE(now == before[f]);
      moved += now != before[f] ? 1 : 0;
    }
    CHECK(moved == counts[3]);

    pool.set_in_service(3, true);
    for (std::uint64_t f = 0; f < kFlows; ++f)
      REQUIRE(*pool.pick(f * 0x9e3779b97f4a7c15 + 12345) == before[f]);
  }
}

TEST_CASE("hash falls back to a backend in service when every candidate is out",
          "[components][backend_pool]") {
  auto pool = make_pool(1000, BalancingPolicy::hash);
  for (std::uint32_t b = 0; b < 1000; ++b)
    if (b != 617) pool.set_in_service(b, false);
  for (std::uint64_t flow = 0; flow < 1000; ++flow) REQUIRE(pool.pick(flow) == 617u);
}

TEST_CASE("pick returns nothing when no backend is in service", "[components][backend_pool]") {
  for (const auto policy : kAllPolicies) {
    auto pool = make_pool(4, policy);
    for (std::uint32_t b = 0; b < 4; ++b) pool.set_in_service(b, false);
    CHECK(pool.in_service_count() == 0);
    CHECK_FALSE(pool.pick(42));
    pool.set_in_service(2, true);
    CHECK(pool.pick(42) == 2u);
    auto empty = make_pool(0, policy);
    CHECK_FALSE(empty.pick(42));
  }
}

TEST_CASE("random and power of two choices pick only backends in service",
          "[components][backend_pool]") {
  for (const auto policy : {BalancingPolicy::random, BalancingPolicy::power_of_two_choices}) {
    constexpr std::uint32_t n = 20;
    auto pool = make_pool(n, policy);
    RandomStream ops(5, "test", "ops");
    std::vector<int> counts(n, 0);
    for (int i = 0; i < 20'000; ++i) {
      if (i % 100 == 0) {
        const auto b = static_cast<std::uint32_t>(ops.next_below(n));
        pool.set_in_service(b, !pool.in_service(b));
      }
      const auto b = pool.pick();
      if (pool.in_service_count() == 0) {
        REQUIRE_FALSE(b);
        continue;
      }
      REQUIRE(b);
      REQUIRE(pool.in_service(*b));
      ++counts[*b];
      pool.add_load(*b, 1);
      if (i % 2 == 1) pool.add_load(*b, -1);
    }
  }
}

TEST_CASE("power of two choices takes the less loaded of its two draws",
          "[components][backend_pool]") {
  // Backend 0 is always busier, so it is picked only when both draws are 0:
  // about a quarter of the picks (binomial, 20000 x 0.25: sd 61; the bounds
  // are more than 7 sd away).
  auto pool = make_pool(2, BalancingPolicy::power_of_two_choices);
  pool.add_load(0, 10);
  int zero = 0;
  for (const auto b : picks(pool, 20'000)) zero += b == 0 ? 1 : 0;
  CHECK((zero > 4500 && zero < 5500));
  // One backend in service: both draws are still made, and it is picked.
  pool.set_in_service(1, false);
  CHECK(picks(pool, 3) == std::vector<std::uint32_t>{0, 0, 0});
}

TEST_CASE("pools with the same seed make the same picks", "[components][backend_pool]") {
  for (const auto policy : kAllPolicies) {
    const std::vector<double> weights{1, 2, 3, 4, 5, 6, 7, 8};
    auto a = make_pool(8, policy, 11, weights);
    auto b = make_pool(8, policy, 11, weights);
    auto c = make_pool(8, policy, 12, weights);
    std::vector<std::uint32_t> seq_a, seq_b, seq_c;
    for (std::uint64_t i = 0; i < 200; ++i) {
      if (i == 50) {
        a.set_in_service(2, false);
        b.set_in_service(2, false);
        c.set_in_service(2, false);
      }
      seq_a.push_back(*a.pick(i));
      seq_b.push_back(*b.pick(i));
      seq_c.push_back(*c.pick(i));
      a.add_load(seq_a.back(), 1);
      b.add_load(seq_b.back(), 1);
      c.add_load(seq_c.back(), 1);
    }
    CHECK(seq_a == seq_b);
    const bool drawn = policy == BalancingPolicy::random ||
                       policy == BalancingPolicy::power_of_two_choices ||
                       policy == BalancingPolicy::weighted_random;
    CHECK((seq_a != seq_c) == drawn);
  }
}
