#include "tiersim/components/nic.hpp"

#include <algorithm>

namespace tiersim {

namespace {
// Longer transfers are capped (about 31 years): far beyond any run, and
// small enough that adding it to a time cannot overflow.
constexpr std::int64_t kMaxTransferNs = 1'000'000'000'000'000'000;
}  // namespace

SimTime Nic::serialization(std::int64_t bytes) const {
  // ceil(8 * bytes * 1e9 / bps) nanoseconds, in 128-bit arithmetic.
  __extension__ typedef __int128 i128;
  const i128 num = static_cast<i128>(bytes) * 8 * 1'000'000'000;
  const i128 ns = (num + bps_ - 1) / bps_;
  return SimTime::from_ns(static_cast<std::int64_t>(std::min<i128>(ns, kMaxTransferNs)));
}

Nic::Booking Nic::book_transmit(SimTime now, std::int64_t bytes, Observer& observer) {
  const SimTime start = max(now, tx_free_);
  tx_free_ = start + serialization(bytes);
  observer.busy_interval(node_, Gauge::nic_tx, start, tx_free_);
  return Booking{start, tx_free_};
}

SimTime Nic::book_receive(SimTime now, SimTime sent, std::int64_t bytes, Observer& observer) {
  const SimTime start = max(now, rx_free_);
  rx_free_ = start + serialization(bytes);
  observer.busy_interval(node_, Gauge::nic_rx, start, rx_free_);
  return max(rx_free_, sent);
}

}  // namespace tiersim
