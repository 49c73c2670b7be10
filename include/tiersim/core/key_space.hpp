// KeySpace and KeySampler: the keys a request class reads or writes (a user
// id, a product, a cache key), drawn per request.
//
// Keys are numbered 1..count; 0 means "no key". Key 1 is the most popular
// where popularity is skewed:
//   uniform: every key equally likely;
//   zipf:    P(k) proportional to 1 / k^exponent (exponent > 0), the skew of
//            real key popularity (a few hot keys, a long tail);
//   hot_set: a share `hot_share` of the draws goes, uniformly, to the first
//            `hot_keys` share of the keys, the rest uniformly to the others
//            (the "80% of accesses to 20% of the data" rule). The hot keys
//            are that share of the count rounded down, but at least one and,
//            with two keys or more, at most all but one.
// Sampling is O(1) and allocates nothing, whatever the count: zipf uses
// rejection-inversion (Hörmann and Derflinger, 1996), which needs neither a
// table nor the normalizing sum. It uses only portable arithmetic, so the
// same stream gives the same keys on every machine.
#pragma once

#include <cstdint>

#include "tiersim/core/random.hpp"

namespace tiersim {

struct KeySpace {
  enum class Kind { uniform, zipf, hot_set };
  Kind kind = Kind::uniform;
  std::uint64_t count = 1;  // Requires: 1 <= count <= kMaxKeys
  double exponent = 1;      // zipf. Requires: 0 < exponent <= kMaxZipfExponent
  double hot_keys = 0.2;    // hot_set: share of the keys that are hot, in (0, 1)
  double hot_share = 0.8;   // hot_set: share of the draws that go to them, in (0, 1)
};

inline constexpr std::uint64_t kMaxKeys = 1'000'000'000'000;  // 10^12
inline constexpr double kMaxZipfExponent = 10;

class KeySampler {
 public:
  explicit KeySampler(const KeySpace& space);
  // A key in 1..count. Uniform and hot_set take one or two draws; zipf takes
  // one per rejection round (fewer than 1.1 on average).
  std::uint64_t sample(RandomStream& random) const;

  // H^-1 for `exponent` (public for tests): past H's bound (exponent > 1,
  // y >= 1 / (exponent - 1), reached by rounding over a huge count) it is
  // infinite, returned as the largest double.
  static double inverse_integral(double y, double exponent);

 private:
  std::uint64_t zipf(RandomStream& random) const;
  // H(x): the integral of x^-exponent, shifted so that the algorithm's
  // differences stay accurate near exponent 1; and its inverse.
  double integral(double x) const;
  double integral_inverse(double y) const;
  double density(double x) const;  // x^-exponent

  KeySpace space_;
  std::uint64_t hot_count_ = 0;  // hot_set: keys 1..hot_count_ are hot
  double integral_first_ = 0, integral_last_ = 0, squeeze_ = 0;  // zipf
};

}  // namespace tiersim
