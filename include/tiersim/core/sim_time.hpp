// SimTime: simulated time as an integer count of nanoseconds.
//
// Simulated time never uses floating point: events are ordered exactly, and a
// run gives the same bytes in every build. Conversions to seconds or
// milliseconds as doubles exist only for reporting.
//
// Invariant: a SimTime is a plain value; arithmetic does not saturate, so
// callers keep times within +/- 292 years (int64 nanoseconds).
#pragma once

#include <compare>
#include <cstdint>

namespace tiersim {

class SimTime {
 public:
  constexpr SimTime() = default;

  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime from_ns(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime from_us(std::int64_t us) { return SimTime(us * 1'000); }
  static constexpr SimTime from_ms(std::int64_t ms) { return SimTime(ms * 1'000'000); }
  static constexpr SimTime from_seconds(std::int64_t s) { return SimTime(s * 1'000'000'000); }
  // The largest representable time; used as "forever" for run limits only.
  static constexpr SimTime max() { return SimTime(INT64_MAX); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }
  constexpr double milliseconds() const { return static_cast<double>(ns_) / 1e6; }

  constexpr auto operator<=>(const SimTime&) const = default;

  constexpr SimTime operator+(SimTime o) const { return SimTime(ns_ + o.ns_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(ns_ - o.ns_); }
  constexpr SimTime& operator+=(SimTime o) {
    ns_ += o.ns_;
    return *this;
  }
  constexpr SimTime& operator-=(SimTime o) {
    ns_ -= o.ns_;
    return *this;
  }

 private:
  constexpr explicit SimTime(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

constexpr SimTime min(SimTime a, SimTime b) {
  return a < b ? a : b;
}
constexpr SimTime max(SimTime a, SimTime b) {
  return a < b ? b : a;
}

}  // namespace tiersim
