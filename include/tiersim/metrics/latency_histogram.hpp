// LatencyHistogram: a streaming histogram of non-negative integer values
// (nanoseconds) with bounded relative error, in O(1) per record.
//
// Log-linear buckets: values below 128 have a bucket each; above, each
// power of two [2^e, 2^(e+1)) is cut into 128 equal buckets, so a bucket's
// width is at most 1/128 of its lower bound. A percentile is reported as the
// midpoint of the bucket holding it, clamped to the observed minimum and
// maximum: its relative error is at most 1/256 (0.4%), within the 1% the
// result format promises. Count, sum (hence mean), minimum and maximum are
// exact. Memory grows with the logarithm of the largest value (at most
// about 57 KiB), never with the number of values.
#pragma once

#include <cstdint>
#include <vector>

namespace tiersim {

class LatencyHistogram {
 public:
  void record(std::int64_t value);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return max_; }
  // The q-quantile, q in [0, 1]: the smallest recorded value v such that at
  // least q of the values are <= v, up to the bucket resolution. 0 when empty.
  double quantile(double q) const;

  // Bucket arithmetic, exposed for tests.
  static std::size_t bucket_of(std::int64_t value);
  static std::int64_t bucket_low(std::size_t bucket);
  static std::int64_t bucket_width(std::size_t bucket);

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace tiersim
