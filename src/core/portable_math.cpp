// Changing anything here changes every golden file.
#include "tiersim/core/portable_math.hpp"

#include <cmath>
#include <limits>

namespace tiersim::portable {

namespace {
// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kSqrtHalf = 0.70710678118654752440;
}  // namespace

double log(double x) {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s) with
  // s = (m - 1) / (m + 1), |s| < 0.172, summed as an odd series.
  // frexp and ldexp are exact.
  int e = 0;
  double m = std::frexp(x, &e);  // m in [1/2, 1)
  if (m < kSqrtHalf) {
    m *= 2;
    --e;
  }
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  // Terms s^(2k+1) / (2k+1) for k >= 1; 12 terms reach below 1e-19.
  double sum = 0;
  for (int k = 12; k >= 1; --k) sum = (sum + 1.0 / (2 * k + 1)) * s2;
  const double log_m = 2 * s + 2 * s * sum;
  return e * kLn2Hi + (log_m + e * kLn2Lo);
}

double exp(double x) {
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln 2 + r with |r| <= ln 2 / 2; e^r by its Taylor series.
  const double k = std::nearbyint(x / (kLn2Hi + kLn2Lo));
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double sum = 1;
  for (int n = 17; n >= 1; --n) sum = 1 + sum * r / n;
  return std::ldexp(sum, static_cast<int>(k));
}

double cos_two_pi(double u) {
  // cos(2 pi u) has period 1 and is even: fold u into w in [0, 1/4] and a
  // sign, exactly (subtracting a nearby integer and 1/2 - |v| are exact).
  double v = u - std::nearbyint(u);  // [-1/2, 1/2]
  v = std::fabs(v);
  double sign = 1;
  if (v > 0.25) {
    v = 0.5 - v;
    sign = -1;
  }
  // theta = 2 pi v in [0, pi/2]. Near pi/2 use cos(theta) = sin(pi/2 - theta).
  const double two_pi = 6.28318530717958647693;
  if (v <= 0.125) {
    const double t = two_pi * v, t2 = t * t;
    double sum = 1;
    for (int n = 22; n >= 2; n -= 2) sum = 1 - sum * t2 / (n * (n - 1));
    return sign * sum;
  }
  const double t = two_pi * (0.25 - v), t2 = t * t;  // pi/2 - theta
  double sum = 1;
  for (int n = 23; n >= 3; n -= 2) sum = 1 - sum * t2 / (n * (n - 1));
  return sign * t * sum;
}

double pow(double x, double y) {
  return exp(y * log(x));
}

}  // namespace tiersim::portable
