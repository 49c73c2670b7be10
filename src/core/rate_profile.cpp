#include "tiersim/core/rate_profile.hpp"

#include <algorithm>
#include <cmath>

#include "tiersim/core/portable_math.hpp"

namespace tiersim {

namespace {

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kTwoPi = 6.28318530717958647692;
constexpr double kTimeResolution = 1e-10;  // seconds: a tenth of a nanosecond

// sin(2 pi u), from the portable cosine.
double sin_two_pi(double u) {
  return portable::cos_two_pi(u - 0.25);
}

}  // namespace

RateProfile::RateProfile(double base_per_second) : base_(base_per_second) {
  build();
}

void RateProfile::add_step(double at, double rate) {
  steps_.push_back(Linear{at, INFINITY, rate, 0});
  build();
}

void RateProfile::add_spike(double at, double length, double rate) {
  steps_.push_back(Linear{at, at + length, rate, 0});
  build();
}

void RateProfile::add_ramp(double from, double to, double rate) {
  steps_.push_back(Linear{from, to, 0, rate / (to - from)});
  steps_.push_back(Linear{to, INFINITY, rate, 0});
  build();
}

void RateProfile::add_bursts(double first, double every, double length, double rate,
                             double horizon) {
  for (double k = 0, at = first; at <= horizon; at = first + ++k * every) {
    // A burst ends no later than the next begins, even where rounding would
    // put at + length a hair past it (length == every: back to back).
    const double next = first + (k + 1) * every;
    steps_.push_back(Linear{at, std::min(at + length, next), rate, 0});
  }
  build();
}

void RateProfile::add_wave(double rate, double period, double peak_at) {
  waves_.push_back(Wave{rate, period, peak_at});
  build();
}

void RateProfile::add_surge(double at, double half_life, double rate) {
  surges_.push_back(Surge{at, half_life, rate});
  std::stable_sort(surges_.begin(), surges_.end(),
                   [](const Surge& a, const Surge& b) { return a.at < b.at; });
  build();
}

void RateProfile::build() {
  // A sweep over the edges, O(n log n) in the contributions: a linear
  // contribution is (level - slope x from) + slope x t while active, so the
  // sum of those active is A + S t, updated as each begins and ends.
  struct Edge {
    double t, a, s;
  };
  std::vector<Edge> edges;
  std::vector<double> starts = {0.0};
  for (const Linear& l : steps_) {
    const double a = l.level - l.slope * l.from;
    edges.push_back({std::max(0.0, l.from), a, l.slope});
    starts.push_back(std::max(0.0, l.from));
    if (std::isfinite(l.until)) {
      edges.push_back({std::max(0.0, l.until), -a, -l.slope});
      starts.push_back(std::max(0.0, l.until));
    }
  }
  for (const Surge& s : surges_) starts.push_back(std::max(0.0, s.at));
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::stable_sort(edges.begin(), edges.end(),
                   [](const Edge& x, const Edge& y) { return x.t < y.t; });

  pieces_.clear();
  double before = 0, sum_a = 0, sum_s = 0;
  std::size_t next_edge = 0, surges_from = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Piece p;
    p.start = starts[i];
    for (; next_edge < edges.size() && edges[next_edge].t <= p.start; ++next_edge) {
      sum_a += edges[next_edge].a;
      sum_s += edges[next_edge].s;
    }
    p.level = base_ + sum_a + sum_s * p.start;
    p.slope = sum_s;
    while (surges_from < surges_.size() && surges_[surges_from].at <= p.start) ++surges_from;
    p.surges_from = surges_from;
    if (!pieces_.empty()) {
      const Piece& last = pieces_.back();
      before += piece_integral(last, p.start - last.start);
    }
    p.before = before;
    pieces_.push_back(p);
  }
}

double RateProfile::piece_rate(const Piece& p, double x) const {
  double r = p.level + p.slope * x;
  const double t = p.start + x;
  for (const Wave& w : waves_)
    r += w.amplitude * 0.5 * (1 + portable::cos_two_pi((t - w.peak_at) / w.period));
  for (std::size_t i = p.surges_from; i < surges_.size(); ++i) {
    const Surge& s = surges_[i];
    r += s.rate * portable::exp(kLn2 * (t - s.at) / s.half_life);
  }
  return r;
}

double RateProfile::piece_integral(const Piece& p, double x) const {
  double sum = p.level * x + 0.5 * p.slope * x * x;
  for (const Wave& w : waves_) {
    const double swing = sin_two_pi((p.start + x - w.peak_at) / w.period) -
                         sin_two_pi((p.start - w.peak_at) / w.period);
    sum += w.amplitude * 0.5 * (x + w.period / kTwoPi * swing);
  }
  for (std::size_t i = p.surges_from; i < surges_.size(); ++i) {
    const Surge& s = surges_[i];
    // rate 2^((t - at)/h) integrates to rate h/ln 2 (2^((t - at)/h)), from start to start + x.
    const double k = kLn2 / s.half_life;
    sum += s.rate / k *
           (portable::exp(k * (p.start + x - s.at)) - portable::exp(k * (p.start - s.at)));
  }
  return sum;
}

double RateProfile::rate_at(double t) const {
  const Piece& p = pieces_[piece_of(t, 0)];
  return piece_rate(p, t - p.start);
}

double RateProfile::cumulative(double t) const {
  const Piece& p = pieces_[piece_of(t, 0)];
  return p.before + piece_integral(p, t - p.start);
}

std::size_t RateProfile::piece_of(double t, std::size_t hint) const {
  std::size_t i = std::min(hint, pieces_.size() - 1);
  if (pieces_[i].start > t) i = 0;
  // Sequential use moves forward a piece or two; a far jump searches.
  if (i + 8 < pieces_.size() && pieces_[i + 8].start <= t) {
    const auto it =
        std::upper_bound(pieces_.begin() + static_cast<std::ptrdiff_t>(i), pieces_.end(), t,
                         [](double v, const Piece& p) { return v < p.start; });
    return static_cast<std::size_t>(it - pieces_.begin()) - 1;
  }
  while (i + 1 < pieces_.size() && pieces_[i + 1].start <= t) ++i;
  return i;
}

double RateProfile::solve(const Piece& p, double y, double length) const {
  if (waves_.empty() && p.surges_from == surges_.size()) {
    // level x + slope x^2 / 2 = y, in the form that does not cancel.
    const double d = p.level + std::sqrt(p.level * p.level + 2 * p.slope * y);
    if (!(d > 0)) return y > 0 ? INFINITY : 0.0;  // no rate from here on: never
    const double x = 2 * y / d;
    return std::isfinite(length) ? std::min(x, length) : x;
  }
  // Lambda is increasing on the piece: Newton's method, kept inside a
  // bracket that bisection narrows when a step would leave it.
  double lo = 0, hi = length;
  if (!std::isfinite(hi)) {
    hi = 1;
    while (piece_integral(p, hi) < y) hi *= 2;
  }
  double x = std::min(hi, y / std::max(piece_rate(p, 0), 1e-300));
  // Far into a piece the doubles are coarser than 0.1 ns: stop at a few
  // units in the last place there.
  const auto resolution = [&](double at) {
    return std::max(kTimeResolution, 4 * (std::nextafter(at, INFINITY) - at));
  };
  for (int i = 0; i < 200 && hi - lo > resolution(hi); ++i) {
    const double f = piece_integral(p, x) - y;
    if (f == 0) return x;
    (f < 0 ? lo : hi) = x;
    const double r = piece_rate(p, x);
    const double next = r > 0 ? x - f / r : lo - 1;
    if (next > lo && next < hi && std::abs(next - x) <= resolution(x)) return next;
    x = (next > lo && next < hi) ? next : 0.5 * (lo + hi);
  }
  return x;
}

double RateProfile::time_at(double e, std::size_t& hint) const {
  std::size_t i = std::min(hint, pieces_.size() - 1);
  if (pieces_[i].before > e) i = 0;
  while (i + 1 < pieces_.size() && pieces_[i + 1].before <= e) ++i;
  hint = i;
  const Piece& p = pieces_[i];
  const double length = i + 1 < pieces_.size() ? pieces_[i + 1].start - p.start : INFINITY;
  return p.start + solve(p, e - p.before, length);
}

RateProfile::Peak RateProfile::peak(double from, double to) const {
  Peak best{rate_at(from), from};
  const auto consider = [&](double t) {
    if (t < from || t >= to) return;
    const double r = rate_at(t);
    if (r > best.rate) best = Peak{r, t};
  };
  for (std::size_t i = 0; i < pieces_.size(); ++i) consider(pieces_[i].start);
  for (std::size_t i = 0; i + 1 < pieces_.size(); ++i) {
    // Just before the next piece starts: where a rising piece tops out.
    const Piece& p = pieces_[i];
    const double end = pieces_[i + 1].start, x = std::nextafter(end, p.start) - p.start;
    if (end > from && end <= to) {
      const double r = piece_rate(p, x);
      if (r > best.rate) best = Peak{r, p.start + x};
    }
  }
  consider(std::nextafter(to, from));
  for (const Wave& w : waves_) {
    double k = std::ceil((from - w.peak_at) / w.period);
    for (int n = 0; n < 100'000; ++n, ++k) {
      const double t = w.peak_at + k * w.period;
      if (t >= to) break;
      consider(t);
    }
  }
  if (!waves_.empty())
    for (int i = 0; i < 4096; ++i) consider(from + (to - from) * i / 4096);
  return best;
}

}  // namespace tiersim
