#include "tiersim/core/key_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tiersim/core/portable_math.hpp"

namespace tiersim {

namespace {

// log(1 + x) / x and (e^x - 1) / x, accurate near 0 where the plain forms
// lose their digits (a series below 10^-4: its first omitted term is under
// 10^-20), from the portable log and exp elsewhere.
double log1p_over(double x) {
  if (std::fabs(x) < 1e-4) return 1 - x * (0.5 - x * (1.0 / 3 - x * (0.25 - x / 5)));
  return portable::log(1 + x) / x;
}
double expm1_over(double x) {
  if (std::fabs(x) < 1e-4) return 1 + x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x / 120)));
  return (portable::exp(x) - 1) / x;
}

}  // namespace

KeySampler::KeySampler(const KeySpace& space) : space_(space) {
  if (space_.kind == KeySpace::Kind::hot_set) {
    const double hot = std::floor(space_.hot_keys * static_cast<double>(space_.count));
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
  const double t = y * (1 - space_.exponent);
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
