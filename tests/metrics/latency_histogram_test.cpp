#include "tiersim/metrics/latency_histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "tiersim/core/random.hpp"
#include "tiersim/metrics/time_weighted.hpp"

using tiersim::LatencyHistogram;

TEST_CASE("bucket arithmetic covers every value exactly once", "[metrics]") {
  for (std::int64_t v : {0LL, 1LL, 127LL, 128LL, 129LL, 255LL, 256LL, 1000LL, 123456789LL,
                         (1LL << 40) + 12345, (1LL << 62) + 1}) {
    const auto b = LatencyHistogram::bucket_of(v);
    CHECK(LatencyHistogram::bucket_low(b) <= v);
    CHECK(v < LatencyHistogram::bucket_low(b) + LatencyHistogram::bucket_width(b));
    // Relative width bounded by 1/128.
    CHECK(static_cast<double>(LatencyHistogram::bucket_width(b)) <=
          std::max(1.0, static_cast<double>(LatencyHistogram::bucket_low(b)) / 128.0));
  }
  CHECK(LatencyHistogram::bucket_of(128) == LatencyHistogram::bucket_of(127) + 1);
}

TEST_CASE("small values are exact and statistics of a known set", "[metrics]") {
  LatencyHistogram h;
  for (int v = 1; v <= 100; ++v) h.record(v);
  CHECK(h.count() == 100);
  CHECK(h.mean() == 50.5);
  CHECK(h.min() == 1);
  CHECK(h.max() == 100);
  CHECK(h.quantile(0.5) == 50);
  CHECK(h.quantile(0.9) == 90);
  CHECK(h.quantile(0.99) == 99);
  CHECK(h.quantile(1.0) == 100);
  CHECK(h.quantile(0.0) == 1);
}

TEST_CASE("percentiles stay within 1% of the exact order statistic", "[metrics]") {
  // Exponential values with a mean of 10 ms, in nanoseconds.
  tiersim::RandomStream rng(99);
  std::vector<std::int64_t> values;
  LatencyHistogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::int64_t>(-1e7 * std::log(rng.next_open_unit()));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    const double exact = static_cast<double>(values[rank - 1]);
    INFO("q = " << q);
    CHECK(std::abs(h.quantile(q) - exact) / exact <= 0.01);
  }
  CHECK(h.max() == values.back());
}

TEST_CASE("merge equals recording everything in one histogram", "[metrics]") {
  LatencyHistogram a, b, all;
  for (int i = 0; i < 1000; ++i) {
    (i % 2 ? a : b).record(i * 997);
    all.record(i * 997);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.mean() == all.mean());
  CHECK(a.quantile(0.99) == all.quantile(0.99));
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
}

TEST_CASE("time-weighted integral counts only the window", "[metrics]") {
  using tiersim::SimTime;
  tiersim::TimeWeighted tw(SimTime::from_ns(100), SimTime::from_ns(200));
  tw.change(SimTime::from_ns(50), 2);    // level 2 from 50 (window starts at 100)
  tw.change(SimTime::from_ns(150), -1);  // level 1 from 150
  tw.add_interval(SimTime::from_ns(190), SimTime::from_ns(250));  // +1 over [190, 200)
  CHECK(tw.integral_until(SimTime::from_ns(300)) == 2.0 * 50 + 1.0 * 50 + 10);
}
