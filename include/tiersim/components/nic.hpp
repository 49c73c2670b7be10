// Nic: the network interface of one instance, with a transmit and a receive
// side, each a first-in-first-out link of the machine's bandwidth.
//
// A FIFO link with deterministic transfer times needs no queue of its own:
// it is fully described by the time it next becomes free. A message of b
// bytes over a link of B bits per second takes 8b/B seconds, rounded up to
// the nanosecond.
//
// Transfers are cut-through: the receiver takes in bytes while the sender
// sends them, so a message is complete when the slower side has finished
// (not after the sum of both). Each side is busy for its own serialization
// time only, so a fast receiver interleaves the streams of slow senders as
// packets would. The receive side is booked when the sender starts sending
// (World::transmit), never earlier, so it serves messages in the order their
// first bytes reach it. Propagation latency is zero until the network model
// adds it.
#pragma once

#include <cstdint>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/observer.hpp"

namespace tiersim {

class Nic {
 public:
  Nic(model::NodeId node, std::int64_t bits_per_second) : node_(node), bps_(bits_per_second) {}

  struct Booking {
    SimTime start;  // the first byte goes out (or comes in)
    SimTime end;    // the last byte has gone out (or come in)
  };
  // Books the transmit side for `bytes` from `now` on, behind what it is
  // already sending. Reports the busy interval.
  Booking book_transmit(SimTime now, std::int64_t bytes, Observer& observer);
  // Books the receive side for a message whose first byte leaves its sender
  // now (`now`) and whose last byte leaves at `sent`. Returns when the last
  // byte has arrived. Reports the busy interval.
  SimTime book_receive(SimTime now, SimTime sent, std::int64_t bytes, Observer& observer);

 private:
  SimTime serialization(std::int64_t bytes) const;

  model::NodeId node_;
  std::int64_t bps_;
  SimTime tx_free_ = SimTime::zero();
  SimTime rx_free_ = SimTime::zero();
};

}  // namespace tiersim
