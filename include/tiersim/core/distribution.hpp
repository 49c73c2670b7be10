// Distribution: a random variable of the scenario format, sampled with
// tiersim's own code so that every platform draws the same values.
//
// Values are in the quantity's base unit (nanoseconds for durations). The
// parameters are stored as given by the scenario (mean and standard
// deviation, not the underlying normal's mu and sigma) so that a
// distribution can be printed back the way the user wrote it.
//
// Changing a sampling algorithm changes every golden file.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "tiersim/core/random.hpp"

namespace tiersim {

struct ConstantDist {
  double value;
};
struct ExponentialDist {
  double mean;
};
struct UniformDist {
  double low, high;
};
// Normal truncated at 0: negative draws are redrawn.
struct NormalDist {
  double mean, sd;
};
// Parameterised by the mean and standard deviation of the distribution itself.
struct LogNormalDist {
  double mean, sd;
};
// Sum of k exponentials with total mean `mean`.
struct ErlangDist {
  int k;
  double mean;
};
// Pareto type I: P(X > x) = (scale / x)^shape for x >= scale.
struct ParetoDist {
  double scale, shape;
};
// Draws one of the listed values, each equally likely.
struct EmpiricalDist {
  std::vector<double> values;
  std::string source;  // file name, for describe()
};

class Distribution {
 public:
  using Variant = std::variant<ConstantDist, ExponentialDist, UniformDist, NormalDist,
                               LogNormalDist, ErlangDist, ParetoDist, EmpiricalDist>;

  Distribution() : v_(ConstantDist{0.0}) {}
  Distribution(Variant v) : v_(std::move(v)) {}  // NOLINT: implicit by design
  static Distribution constant(double value) { return Distribution(ConstantDist{value}); }

  double sample(RandomStream& rng) const;
  // Sample rounded to the nearest integer, never negative, at most 10^18.
  std::int64_t sample_integer(RandomStream& rng) const;
  // The distribution's mean (for truncated normal: of the truncated one).
  double mean() const;
  // Squared coefficient of variation, Var/mean^2 (0 for a constant).
  double scv() const;
  bool is_constant() const { return std::holds_alternative<ConstantDist>(v_); }
  const Variant& variant() const { return v_; }

 private:
  Variant v_;
};

}  // namespace tiersim
