#include "tiersim/core/key_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tiersim/core/portable_math.hpp"

namespace tiersim {

namespace {

// log(1 + x) / x and (e^x - 1) / x without the cancellation of the plain
// forms near 0: with u = 1 + x (or e^x) rounded, log(u) / (u - 1) and
// (u - 1) / log(u) divide two quantities that carry the same rounding
// (Goldberg's and Kahan's forms), so the result keeps nearly full
// precision for every x; u == 1 is the limit, 1.
double log1p_over(double x) {
  const double u = 1 + x;
  return u == 1 ? 1 : portable::log(u) / (u - 1);
}
double expm1_over(double x) {
  const double u = portable::exp(x);
  if (u == 0) return -1 / x;  // e^x underflowed: e^x - 1 is -1
  return u == 1 ? 1 : (u - 1) / portable::log(u);
}

}  // namespace

KeySampler::KeySampler(const KeySpace& space) : space_(space) {
  if (space_.kind == KeySpace::Kind::hot_set) {
    // 29% of 100 keys is 29 keys, though 0.29 * 100 rounds to just below.
    double hot = space_.hot_keys * static_cast<double>(space_.count);
    const double nearest = std::round(hot);
    if (std::fabs(hot - nearest) <= 1e-9 * std::max(1.0, hot)) hot = nearest;
    hot = std::floor(hot);
    hot_count_ = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(hot), 1,
                                           std::max<std::uint64_t>(space_.count - 1, 1));
  }
  if (space_.kind == KeySpace::Kind::zipf) {
    integral_first_ = integral(1.5) - 1;
    integral_last_ = integral(static_cast<double>(space_.count) + 0.5);
    squeeze_ = 2 - integral_inverse(integral(2.5) - density(2));
  }
}

double KeySampler::density(double x) const {
  return portable::exp(-space_.exponent * portable::log(x));
}

double KeySampler::integral(double x) const {
  const double log_x = portable::log(x);
  return expm1_over((1 - space_.exponent) * log_x) * log_x;
}

double KeySampler::integral_inverse(double y) const {
  return inverse_integral(y, space_.exponent);
}

double KeySampler::inverse_integral(double y, double exponent) {
  const double t = y * (1 - exponent);
  // For exponent > 1, H is bounded: y at (or, rounded, past) its bound maps
  // to infinity, which the caller clamps to the last key.
  if (1 + t <= 0) return std::numeric_limits<double>::max();
  return portable::exp(log1p_over(t) * y);
}

std::uint64_t KeySampler::zipf(RandomStream& random) const {
  const double n = static_cast<double>(space_.count);
  for (;;) {
    const double u = integral_last_ + random.next_unit() * (integral_first_ - integral_last_);
    const double x = integral_inverse(u);
    const double k = std::clamp(std::floor(x + 0.5), 1.0, n);
    // Accept at once inside the squeeze, else against the exact hat.
    if (k - x <= squeeze_ || u >= integral(k + 0.5) - density(k))
      return static_cast<std::uint64_t>(k);
  }
}

std::uint64_t KeySampler::sample(RandomStream& random) const {
  switch (space_.kind) {
    case KeySpace::Kind::uniform:
      return 1 + random.next_below(space_.count);
    case KeySpace::Kind::zipf:
      return zipf(random);
    case KeySpace::Kind::hot_set:
      if (space_.count == 1) return 1;
      if (random.next_unit() < space_.hot_share) return 1 + random.next_below(hot_count_);
      return 1 + hot_count_ + random.next_below(space_.count - hot_count_);
  }
  return 1;
}

}  // namespace tiersim
