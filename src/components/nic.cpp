#include "tiersim/components/nic.hpp"

namespace tiersim {

SimTime Nic::serialization(std::int64_t bytes) const {
  // ceil(8 * bytes * 1e9 / bps) nanoseconds, in 128-bit arithmetic so that
  // terabyte transfers over slow links cannot overflow.
  __extension__ typedef __int128 i128;
  const i128 num = static_cast<i128>(bytes) * 8 * 1'000'000'000;
  return SimTime::from_ns(static_cast<std::int64_t>((num + bps_ - 1) / bps_));
}

Transfer transfer(SimTime now, Nic* tx, Nic* rx, std::int64_t bytes, Observer& observer) {
  if (bytes <= 0) return Transfer{now, now};
  SimTime start = now;
  SimTime arrival = now;
  if (tx) {
    start = max(now, tx->tx_free_);
    const SimTime end = start + tx->serialization(bytes);
    tx->tx_free_ = end;
    observer.busy_interval(tx->node_, Gauge::nic_tx, start, end);
    arrival = end;
  }
  const SimTime sent = arrival;
  if (rx) {
    // The receive side is occupied for its own serialization time only: a
    // fast receiver takes in a slow sender's stream between other messages
    // (packets interleave), but the message is complete no earlier than the
    // sender has sent it.
    const SimTime rx_start = max(start, rx->rx_free_);
    const SimTime rx_end = rx_start + rx->serialization(bytes);
    rx->rx_free_ = rx_end;
    observer.busy_interval(rx->node_, Gauge::nic_rx, rx_start, rx_end);
    arrival = max(rx_end, arrival);
  }
  return Transfer{sent, arrival};
}

}  // namespace tiersim
