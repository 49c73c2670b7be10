// Sampling code of tiersim's distributions. Changing an algorithm or the
// order of draws changes every golden file.
#include "tiersim/core/distribution.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "tiersim/core/portable_math.hpp"

namespace tiersim {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// One standard normal draw by Box-Muller, two uniforms per draw (the second
// normal of the pair is discarded so that the stream has no hidden state).
double standard_normal(RandomStream& rng) {
  const double u1 = rng.next_open_unit();
  const double u2 = rng.next_unit();
  return std::sqrt(-2.0 * portable::log(u1)) * portable::cos_two_pi(u2);
}

double phi(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}
double upper_tail(double x) {
  return 0.5 * std::erfc(x / std::numbers::sqrt2);
}

// Mean and variance of N(mean, sd^2) conditioned on X >= 0.
std::pair<double, double> truncated_normal_moments(double mean, double sd) {
  if (sd <= 0) return {std::max(mean, 0.0), 0.0};
  const double alpha = -mean / sd;
  const double tail = upper_tail(alpha);
  if (tail <= 0) return {0.0, 0.0};
  const double lambda = phi(alpha) / tail;
  const double m = mean + sd * lambda;
  const double v = sd * sd * (1.0 + alpha * lambda - lambda * lambda);
  return {m, v};
}

std::pair<double, double> lognormal_params(double mean, double sd) {
  const double sigma2 = portable::log(1 + (sd * sd) / (mean * mean));
  return {portable::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)};
}

}  // namespace

double Distribution::sample(RandomStream& rng) const {
  return std::visit(
      Overloaded{
          [](const ConstantDist& d) { return d.value; },
          [&](const ExponentialDist& d) { return -d.mean * portable::log(rng.next_open_unit()); },
          [&](const UniformDist& d) { return d.low + (d.high - d.low) * rng.next_unit(); },
          [&](const NormalDist& d) {
            // Redraw negatives; after 64 tries (probability < 2^-64 unless
            // the mean is far below 0, which validation rejects) give 0.
            for (int attempt = 0; attempt < 64; ++attempt) {
              const double x = d.mean + d.sd * standard_normal(rng);
              if (x >= 0) return x;
            }
            return 0.0;
          },
          [&](const LogNormalDist& d) {
            if (d.sd <= 0) return d.mean;
            const auto [mu, sigma] = lognormal_params(d.mean, d.sd);
            return portable::exp(mu + sigma * standard_normal(rng));
          },
          [&](const ErlangDist& d) {
            double log_sum = 0;
            for (int i = 0; i < d.k; ++i) log_sum += portable::log(rng.next_open_unit());
            return -(d.mean / d.k) * log_sum;
          },
          [&](const ParetoDist& d) {
            return d.scale / portable::pow(rng.next_open_unit(), 1.0 / d.shape);
          },
          [&](const EmpiricalDist& d) {
            return d.values[static_cast<std::size_t>(rng.next_below(d.values.size()))];
          },
      },
      v_);
}

std::int64_t Distribution::sample_integer(RandomStream& rng) const {
  const double x = sample(rng);
  if (!(x > 0)) return 0;
  // Capped at 10^18 (about 31 years), so that a sample added to any time in
  // a run cannot overflow.
  if (x >= 1e18) return 1'000'000'000'000'000'000;
  return std::llround(x);
}

double Distribution::mean() const {
  return std::visit(
      Overloaded{
          [](const ConstantDist& d) { return d.value; },
          [](const ExponentialDist& d) { return d.mean; },
          [](const UniformDist& d) { return 0.5 * (d.low + d.high); },
          [](const NormalDist& d) { return truncated_normal_moments(d.mean, d.sd).first; },
          [](const LogNormalDist& d) { return d.mean; },
          [](const ErlangDist& d) { return d.mean; },
          [](const ParetoDist& d) {
            return d.shape > 1 ? d.shape * d.scale / (d.shape - 1)
                               : std::numeric_limits<double>::infinity();
          },
          [](const EmpiricalDist& d) {
            double sum = 0;
            for (double v : d.values) sum += v;
            return d.values.empty() ? 0.0 : sum / static_cast<double>(d.values.size());
          },
      },
      v_);
}

double Distribution::scv() const {
  const double m = mean();
  if (!(m > 0) || std::isinf(m))
    return std::isinf(m) ? std::numeric_limits<double>::infinity() : 0.0;
  const double variance = std::visit(
      Overloaded{
          [](const ConstantDist&) { return 0.0; },
          [](const ExponentialDist& d) { return d.mean * d.mean; },
          [](const UniformDist& d) { return (d.high - d.low) * (d.high - d.low) / 12.0; },
          [](const NormalDist& d) { return truncated_normal_moments(d.mean, d.sd).second; },
          [](const LogNormalDist& d) { return d.sd * d.sd; },
          [](const ErlangDist& d) { return d.mean * d.mean / d.k; },
          [](const ParetoDist& d) {
            if (d.shape <= 2) return std::numeric_limits<double>::infinity();
            return d.scale * d.scale * d.shape / ((d.shape - 1) * (d.shape - 1) * (d.shape - 2));
          },
          [m](const EmpiricalDist& d) {
            double sum = 0;
            for (double v : d.values) sum += (v - m) * (v - m);
            return d.values.empty() ? 0.0 : sum / static_cast<double>(d.values.size());
          },
      },
      v_);
  return variance / (m * m);
}

}  // namespace tiersim
