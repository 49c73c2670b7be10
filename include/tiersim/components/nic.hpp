// Nic: the network interface of one instance, with a transmit and a receive
// side, each a FIFO link of the machine's bandwidth.
//
// A FIFO link with deterministic transfer times needs no queue of its own:
// it is fully described by the time it next becomes free. A message of b
// bytes over a link of B bits per second takes 8b/B seconds.
//
// Transfers are cut-through: the receiver takes in bytes while the sender
// sends them, so a message arrives when the slower of the two sides has
// finished (not after the sum of both). Each side is busy for its own
// serialization time only, so a fast receiver interleaves the streams of
// slow senders as packets would. Propagation latency is zero until the
// network model adds it.
#pragma once

#include <cstdint>
#include <optional>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/observer.hpp"

namespace tiersim {

struct Transfer {
  SimTime sent;     // the last byte has left the sender
  SimTime arrived;  // the last byte has reached the receiver
};

class Nic {
 public:
  Nic(model::NodeId node, std::int64_t bits_per_second) : node_(node), bps_(bits_per_second) {}

  model::NodeId node() const { return node_; }

 private:
  friend Transfer transfer(SimTime now, Nic* tx, Nic* rx, std::int64_t bytes, Observer& observer);
  SimTime serialization(std::int64_t bytes) const;

  model::NodeId node_;
  std::int64_t bps_;
  SimTime tx_free_ = SimTime::zero();
  SimTime rx_free_ = SimTime::zero();
};

// Moves `bytes` from the sender's NIC to the receiver's (either may be
// nullptr: that side is not modeled) starting at `now`. Reports the busy
// intervals of both sides.
Transfer transfer(SimTime now, Nic* tx, Nic* rx, std::int64_t bytes, Observer& observer);

}  // namespace tiersim
