// The portable functions agree with the C library to a few units in the
// last place (a relative error below 1e-15) over the ranges sampling uses.
#include "tiersim/core/portable_math.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "tiersim/core/random.hpp"

using namespace tiersim;

namespace {
constexpr double kTolerance = 1e-15;

double relative(double a, double b) {
  return std::abs(a - b) / std::max(std::abs(b), 1e-300);
}
}  // namespace

TEST_CASE("portable log matches the C library", "[portable]") {
  CHECK(portable::log(1.0) == 0.0);
  RandomStream rng(11);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.next_open_unit();  // what sampling passes: (0, 1]
    REQUIRE(relative(portable::log(u), std::log(u)) < kTolerance);
    const double big = std::ldexp(1.0 + u, static_cast<int>(rng.next_below(2000)) - 1000);
    REQUIRE(relative(portable::log(big), std::log(big)) < kTolerance);
  }
  CHECK(portable::log(5e-324) == Approx(std::log(5e-324)).epsilon(1e-15));
}

TEST_CASE("portable exp matches the C library", "[portable]") {
  CHECK(portable::exp(0.0) == 1.0);
  RandomStream rng(12);
  for (int i = 0; i < 100000; ++i) {
    const double x = (rng.next_unit() - 0.5) * 1400;
    REQUIRE(relative(portable::exp(x), std::exp(x)) < 4 * kTolerance);
  }
  CHECK(portable::exp(1000) == std::numeric_limits<double>::infinity());
  CHECK(portable::exp(-1000) == 0.0);
}

TEST_CASE("portable cos(2 pi u) matches the C library", "[portable]") {
  CHECK(portable::cos_two_pi(0.0) == 1.0);
  CHECK(portable::cos_two_pi(0.5) == -1.0);
  CHECK(std::abs(portable::cos_two_pi(0.25)) < 1e-16);
  RandomStream rng(13);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.next_unit();
    const double expected = std::cos(2 * M_PI * u);
    // Absolute error: near the zeros a relative error is meaningless.
    REQUIRE(std::abs(portable::cos_two_pi(u) - expected) < 2e-15);
  }
}

TEST_CASE("portable pow matches the C library for the Pareto draw", "[portable]") {
  RandomStream rng(14);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.next_open_unit();
    const double inv_shape = 1.0 / (0.5 + 4 * rng.next_unit());
    REQUIRE(relative(portable::pow(u, inv_shape), std::pow(u, inv_shape)) < 1e-13);
  }
}
