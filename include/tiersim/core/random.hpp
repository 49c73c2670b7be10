// RandomStream: tiersim's one documented pseudo-random generator.
//
// The generator is xoshiro256** (Blackman and Vigna), seeded through
// splitmix64. Each component and purpose draws from its own stream, derived
// from (scenario seed, component name, purpose) by stream_key(); adding a
// component therefore leaves every other stream unchanged (common random
// numbers across variants of a scenario).
//
// Changing anything in this file or in random.cpp changes every golden file.
#pragma once

#include <cstdint>
#include <string_view>

namespace tiersim {

// 64-bit FNV-1a of the bytes, then mixed with the seed by splitmix64.
// The component and purpose are separated by a 0 byte so that
// ("ab", "c") and ("a", "bc") differ.
std::uint64_t stream_key(std::uint64_t seed, std::string_view component, std::string_view purpose);

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t key);
  RandomStream(std::uint64_t seed, std::string_view component, std::string_view purpose)
      : RandomStream(stream_key(seed, component, purpose)) {}

  std::uint64_t next_u64();
  // Uniform on [0, 1) with 53 random bits.
  double next_unit();
  // Uniform on (0, 1]: safe to take the logarithm of.
  double next_open_unit() { return 1.0 - next_unit(); }
  // Uniform integer on [0, n), without modulo bias. Requires: n > 0.
  std::uint64_t next_below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

}  // namespace tiersim
