#include "tiersim/metrics/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tiersim {

namespace {
constexpr int kSubBits = 7;  // 128 buckets per power of two
constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;
}  // namespace

std::size_t LatencyHistogram::bucket_of(std::int64_t value) {
  if (value < kSub) return static_cast<std::size_t>(std::max<std::int64_t>(value, 0));
  const int e = std::bit_width(static_cast<std::uint64_t>(value)) - 1;  // >= kSubBits
  const int shift = e - kSubBits;
  const std::int64_t sub = value >> shift;  // in [kSub, 2 kSub)
  return static_cast<std::size_t>((shift + 1) * kSub + (sub - kSub));
}

std::int64_t LatencyHistogram::bucket_low(std::size_t bucket) {
  const auto b = static_cast<std::int64_t>(bucket);
  if (b < kSub) return b;
  const std::int64_t shift = b / kSub - 1;
  const std::int64_t sub = b % kSub + kSub;
  return sub << shift;
}

std::int64_t LatencyHistogram::bucket_width(std::size_t bucket) {
  const auto b = static_cast<std::int64_t>(bucket);
  if (b < kSub) return 1;
  return std::int64_t{1} << (b / kSub - 1);
}

void LatencyHistogram::record(std::int64_t value) {
  value = std::max<std::int64_t>(value, 0);
  const std::size_t b = bucket_of(value);
  if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
  ++buckets_[b];
  if (count_ == 0 || value < min_) min_ = value;
  if (count_ == 0 || value > max_) max_ = value;
  ++count_;
  sum_ += static_cast<double>(value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (other.buckets_.size() > buckets_.size()) buckets_.resize(other.buckets_.size(), 0);
  for (std::size_t i = 0; i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  if (count_ == 0 || other.min_ < min_) min_ = other.min_;
  if (count_ == 0 || other.max_ > max_) max_ = other.max_;
  count_ += other.count_;
  sum_ += other.sum_;
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    seen += buckets_[b];
    if (seen >= rank) {
      // Single-value buckets are exact; wider ones report their midpoint.
      const double width = static_cast<double>(bucket_width(b));
      const double mid = static_cast<double>(bucket_low(b)) + (width > 1 ? (width - 1) / 2.0 : 0.0);
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace tiersim
