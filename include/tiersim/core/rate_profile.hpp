// RateProfile: an arrival rate that changes over time, lambda(t) >= 0.
//
// A profile starts from a constant base rate and adds crowds on top of it,
// each a non-negative rate of its own: a step (from a time on), a spike (for
// a while), a ramp (rising linearly, then holding), bursts (on for a length,
// every period), a daily wave (a raised cosine between 0 and its amplitude,
// peaking at a time of day) and a deadline surge (doubling every half-life
// until the deadline, then gone). Adding only non-negative crowds keeps the
// rate non-negative without clamping, so the cumulative rate
// Lambda(t) = integral of lambda over [0, t] has a closed form on every piece.
//
// Arrivals come from a unit-rate process by a change of time: the k-th
// arrival is at Lambda^-1(E_k), where E_k is k for constant arrivals and a
// sum of k unit exponentials for Poisson ones (a non-homogeneous Poisson
// process). Two profiles therefore turn the same draws into arrivals at the
// same cumulative load: changing the shape keeps common random numbers.
//
// Times are seconds since the start of the run, as doubles; rates per second.
// Elementary functions come from portable_math, so every build computes the
// same arrival times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tiersim {

// Bursts a profile may hold over a run: each is two pieces, so the bound
// keeps its memory small. Validation applies it to the scenario's own run,
// the command line to --duration and --warmup.
inline constexpr std::int64_t kMaxBursts = 1'000'000;

class RateProfile {
 public:
  // A constant rate (> 0).
  explicit RateProfile(double base_per_second = 1.0);

  // Crowds, each adding `rate` (> 0) on top of the base.
  void add_step(double at, double rate);
  void add_spike(double at, double length, double rate);
  // 0 at `from`, rising linearly to `rate` at `to`, `rate` after.
  void add_ramp(double from, double to, double rate);
  // On for `length` at first, first + every, first + 2 every, ... up to
  // `horizon` (the end of the run: no burst starts after it).
  void add_bursts(double first, double every, double length, double rate, double horizon);
  // rate x (1 + cos(2 pi (t - peak_at) / period)) / 2.
  void add_wave(double rate, double period, double peak_at);
  // rate x 2^((t - at) / half_life) before `at`, 0 from `at` on.
  void add_surge(double at, double half_life, double rate);

  // lambda(t) and Lambda(t) for t >= 0.
  double rate_at(double t) const;
  double cumulative(double t) const;
  // The time t >= 0 with Lambda(t) = e (for e >= 0), to within 0.1 ns;
  // infinity when the rate stays 0 before reaching e.
  // `hint` is the caller's cursor (start it at 0): successive calls with
  // growing e then cost amortized O(1). The profile itself is immutable once
  // built, so threads may share it.
  double time_at(double e, std::size_t& hint) const;

  // The highest rate on [from, to) and a time it is reached. Exact without
  // daily waves (steps, spikes, ramps, bursts and surges only rise through a
  // piece, so its top is at the piece's end); with waves, the best of the
  // pieces' ends and starts, the waves' peaks and 4,096 even samples.
  struct Peak {
    double rate = 0, at = 0;
  };
  Peak peak(double from, double to) const;

 private:
  // A linear contribution: level + slope (t - from) on [from, until).
  struct Linear {
    double from, until, level, slope;
  };
  struct Wave {
    double amplitude, period, peak_at;
  };
  struct Surge {
    double at, half_life, rate;
  };
  // A stretch [start, next start) on which every contribution is smooth.
  struct Piece {
    double start;
    double level, slope;      // the sum of the linear contributions
    std::size_t surges_from;  // surges_[surges_from..] still rise (at > start)
    double before;            // Lambda(start)
  };

  void build();
  double piece_rate(const Piece& p, double x) const;
  double piece_integral(const Piece& p, double x) const;
  std::size_t piece_of(double t, std::size_t hint) const;
  double solve(const Piece& p, double y, double length) const;

  double base_;
  std::vector<Linear> steps_;
  std::vector<Wave> waves_;
  std::vector<Surge> surges_;  // by deadline
  std::vector<Piece> pieces_;  // rebuilt by every add_*
};

}  // namespace tiersim
