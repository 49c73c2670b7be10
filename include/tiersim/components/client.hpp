// Client: what open- and closed-loop clients share. A client picks a request
// class from its weighted mix, creates the request, sends it to its target
// and finishes it when the reply comes back.
//
// Streams: "class" for the mix (one draw per request, even for a single
// class, so that adding a class keeps the arrival stream unchanged);
// arrivals and think times use streams of their own in the subclasses.
#pragma once

#include <string>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class Client : public ReplySink {
 public:
  Client(World& world, std::uint32_t index);
  // Schedules the client's first request(s).
  virtual void start() = 0;

 protected:
  // Creates and sends one request; `token` comes back in on_finished.
  void send_request(std::uint64_t token);
  // The request of `token` finished with `outcome`.
  virtual void on_finished(std::uint64_t token, Outcome outcome) = 0;

  World& world_;
  std::uint32_t index_;
  const model::Client& spec_;

 private:
  void on_reply(std::uint64_t token, Outcome outcome) final;

  struct Pending {
    RequestHandle request = 0;
    std::uint64_t token = 0;
  };

  RandomStream class_stream_;
  double total_weight_ = 0;
  SlotPool<Pending> pending_;  // by the reply token given to the target
};

}  // namespace tiersim
