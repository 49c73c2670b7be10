// KeySampler against the exact probabilities of each key space.
#include "tiersim/core/key_space.hpp"

#include <catch2/catch.hpp>
#include <cmath>
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
  const int n = 100'000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t k = sampler.sample(random);
    REQUIRE(k >= 1);
    REQUIRE(k <= kMaxKeys);
    ones += k == 1;
  }
  // P(1) = 1 / sum k^-1.2, within 0.2% of 1 / zeta(1.2) = 1 / 5.5916 here.
  const double p = 1 / 5.5915772;
  CHECK(std::abs(ones - n * p) <= 5 * std::sqrt(n * p * (1 - p)) + 0.002 * n * p);
}

TEST_CASE("zipf at the bounds of its exponent and count stays in range", "[core][keys]") {
  // Exponent 10 over 10^12 keys pushes the inverse to the edge of its
  // domain, where a rounded value must still map to the last key.
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
