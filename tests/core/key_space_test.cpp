// KeySampler against the exact probabilities of each key space.
#include "tiersim/core/key_space.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace tiersim {
namespace {

// Draw counts per key, keys 1..count.
std::vector<double> histogram(const KeySpace& space, int draws, std::uint64_t seed) {
  const KeySampler sampler(space);
  RandomStream random(seed);
  std::vector<double> counts(space.count + 1, 0.0);
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t k = sampler.sample(random);
    REQUIRE(k >= 1);
    REQUIRE(k <= space.count);
    ++counts[k];
  }
  return counts;
}

TEST_CASE("zipf keys follow 1 / k^s, for s below, at and above 1", "[core][keys]") {
  for (const double s : {0.5, 0.99, 1.0, 1.3, 2.5}) {
    KeySpace space;
    space.kind = KeySpace::Kind::zipf;
    space.count = 40;
    space.exponent = s;
    const int n = 200'000;
    const auto counts = histogram(space, n, 11);
    double norm = 0;
    for (std::uint64_t k = 1; k <= space.count; ++k) norm += std::pow(double(k), -s);
    for (std::uint64_t k = 1; k <= space.count; ++k) {
      const double p = std::pow(double(k), -s) / norm;
      INFO("s = " << s << ", key " << k << ": " << counts[k] << " draws, expected " << n * p);
      // Binomial, within 5 standard deviations.
      CHECK(std::abs(counts[k] - n * p) <= 5 * std::sqrt(n * p * (1 - p)) + 1);
    }
  }
}

TEST_CASE("zipf over a huge key space stays in range and keeps its head", "[core][keys]") {
  KeySpace space;
  space.kind = KeySpace::Kind::zipf;
  space.count = kMaxKeys;
  space.exponent = 1.2;
  const KeySampler sampler(space);
  RandomStream random(3);
  int ones = 0;
  const int n = 1'000'000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t k = sampler.sample(random);
    REQUIRE(k >= 1);
    REQUIRE(k <= kMaxKeys);
    ones += k == 1;
  }
  // P(1) = 1 / sum of k^-1.2 up to 10^12: zeta(1.2) = 5.5915772 less the
  // tail beyond, 5 * (10^12)^-0.2 = 0.0199054 (Euler-Maclaurin; the next
  // term is below 10^-14).
  const double p = 1 / (5.5915772 - 0.0199054);
  CHECK(std::abs(ones - n * p) <= 5 * std::sqrt(n * p * (1 - p)));
}

TEST_CASE("zipf at the bounds of its exponent and count stays in range", "[core][keys]") {
  // For an exponent above 1, H is bounded by 1 / (exponent - 1); a draw
  // rounded onto the bound must map past the last key, not to log(0).
  const double at_bound = KeySampler::inverse_integral(1.0 / 9, 10);
  CHECK(at_bound == std::numeric_limits<double>::max());
  CHECK(KeySampler::inverse_integral(0.2, 10) == std::numeric_limits<double>::max());
  const double below = KeySampler::inverse_integral(0.99 / 9, 10);
  CHECK(std::isfinite(below));
  CHECK(below > 1);
  for (const double s : {1e-9, 10.0})
    for (const std::uint64_t n : {std::uint64_t{1}, std::uint64_t{2}, kMaxKeys}) {
      KeySpace space;
      space.kind = KeySpace::Kind::zipf;
      space.count = n;
      space.exponent = s;
      const KeySampler sampler(space);
      RandomStream random(17);
      for (int i = 0; i < 20'000; ++i) {
        const std::uint64_t k = sampler.sample(random);
        REQUIRE(k >= 1);
        REQUIRE(k <= n);
      }
    }
}

TEST_CASE("a hot share of the keys rounds as written, not as multiplied", "[core][keys]") {
  // 0.29 * 100 is 28.999999999999996: still 29 hot keys, each drawn with
  // probability 0.5 / 29, and the 30th with 0.5 / 71.
  KeySpace space;
  space.kind = KeySpace::Kind::hot_set;
  space.count = 100;
  space.hot_keys = 0.29;
  space.hot_share = 0.5;
  const int n = 400'000;
  const auto counts = histogram(space, n, 23);
  CHECK(std::abs(counts[29] - n * 0.5 / 29) <= 5 * std::sqrt(n * 0.5 / 29));
  CHECK(std::abs(counts[30] - n * 0.5 / 71) <= 5 * std::sqrt(n * 0.5 / 71));
}

TEST_CASE("a hot set takes its share of the draws, uniformly inside and out", "[core][keys]") {
  KeySpace space;
  space.kind = KeySpace::Kind::hot_set;
  space.count = 1000;
  space.hot_keys = 0.2;
  space.hot_share = 0.8;
  const int n = 200'000;
  const auto counts = histogram(space, n, 5);
  double hot = 0;
  for (std::uint64_t k = 1; k <= 200; ++k) hot += counts[k];
  CHECK(std::abs(hot / n - 0.8) <= 5 * std::sqrt(0.8 * 0.2 / n));
  CHECK(std::abs(counts[1] - n * 0.8 / 200) <= 5 * std::sqrt(n * 0.004));
  CHECK(std::abs(counts[1000] - n * 0.2 / 800) <= 5 * std::sqrt(n * 0.00025));
}

TEST_CASE("uniform keys cover the space evenly", "[core][keys]") {
  KeySpace space;
  space.count = 10;
  const int n = 100'000;
  const auto counts = histogram(space, n, 9);
  for (std::uint64_t k = 1; k <= 10; ++k)
    CHECK(std::abs(counts[k] - n / 10.0) <= 5 * std::sqrt(n * 0.09));
}

}  // namespace
}  // namespace tiersim
