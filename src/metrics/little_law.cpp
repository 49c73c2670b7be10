#include "tiersim/metrics/little_law.hpp"

namespace tiersim {

void LittleLawAudit::accumulate(SimTime now) {
  const std::uint64_t from = into_window(last_), to = into_window(now);
  if (to > from) area_ns_ += static_cast<std::uint64_t>(present_) * (to - from);
  last_ = max(last_, now);
}

void LittleLawAudit::started(SimTime now) {
  accumulate(now);
  ++present_;
  present_since_ += into_window(now);
}

void LittleLawAudit::finished(SimTime arrived, SimTime now, SimTime left) {
  accumulate(now);
  --present_;
  present_since_ -= into_window(arrived);
  if (present_ < 0 || left < now || arrived > now || (present_ == 0 && present_since_ != 0))
    consistent_ = false;
  // The reply's time on the wire out of the node is time in the node too;
  // its end is known in advance.
  if (left > now) area_ns_ += into_window(left) - into_window(now);
  if (left >= begin_ && left < end_) {
    ++departed_;
    departed_ns_ += static_cast<std::uint64_t>((left - arrived).ns());
    if (arrived < begin_) edge_begin_ns_ += static_cast<std::uint64_t>((begin_ - arrived).ns());
  } else if (left >= end_) {
    edge_end_ns_ += into_window(end_) - into_window(arrived);
  }
}

LittleLawCheck LittleLawAudit::check() {
  LittleLawCheck c;
  const double window_ns = static_cast<double>((end_ - begin_).ns());
  if (window_ns <= 0) return c;
  accumulate(end_);
  // Visits still in the node at e: each spent e - max(arrival, b) in the window.
  const std::uint64_t edge_end_ns =
      edge_end_ns_ + static_cast<std::uint64_t>(present_) * into_window(end_) - present_since_;
  c.holds = consistent_ && area_ns_ == departed_ns_ - edge_begin_ns_ + edge_end_ns;
  c.mean_in_node = static_cast<double>(area_ns_) / window_ns;
  c.visits_per_second = static_cast<double>(departed_) / (window_ns / 1e9);
  c.mean_time_ms =
      departed_ > 0 ? static_cast<double>(departed_ns_) / static_cast<double>(departed_) / 1e6 : 0;
  c.window_edge =
      (static_cast<double>(edge_end_ns) - static_cast<double>(edge_begin_ns_)) / window_ns;
  return c;
}

}  // namespace tiersim
