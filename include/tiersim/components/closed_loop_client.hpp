// ClosedLoopClient: a fixed population of users, each of whom thinks, sends
// one request, waits for its outcome, and thinks again. Load therefore falls
// as the system slows down (the interactive-user model behind MVA).
//
// Each user starts with one think time, so that users do not arrive in a
// single burst at time zero. A rejected or failed request ends like a
// completed one: the user thinks and sends the next. Think times come from
// the stream "think".
#pragma once

#include "tiersim/components/client.hpp"

namespace tiersim {

class ClosedLoopClient final : public Client {
 public:
  ClosedLoopClient(World& world, std::uint32_t index);
  void start() override;

 private:
  void on_finished(std::int64_t user, Outcome outcome) override;
  void think(std::int64_t user);

  RandomStream think_stream_;
};

}  // namespace tiersim
