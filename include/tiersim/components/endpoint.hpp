// The two narrow interfaces through which components talk.
//
// An Endpoint is a node that receives requests on one of its instances; a
// ReplySink is whoever waits for a reply (a client, or a node that made a
// call). A component model implements one or both; nothing else is required
// of it.
#pragma once

#include <cstdint>

#include "tiersim/engine/request.hpp"

namespace tiersim {

class Nic;
class ReplySink;

// The connection a request arrives on, as a load balancer sees it: the
// sender's address (a user, or a calling instance) and the connection's id
// (its port). Connection 0 is a pooled connection between tiers: a load
// balancer routes each request on it by itself and counts no connection.
struct Flow {
  std::uint64_t address = 0;
  std::uint64_t connection = 0;
};

// Where a request came from and where its reply goes: the sink, its own
// reference for the pending call, the NIC that receives the reply bytes
// (nullptr: not modeled), how many bytes a successful reply carries (the
// caller knows what it asked for: the client's request class, or the call
// step's response_size), and the connection it came on.
struct ReplyTo {
  ReplySink* sink = nullptr;
  std::uint64_t token = 0;
  Nic* nic = nullptr;
  std::int64_t response_bytes = 0;
  Flow flow;
};

class ReplySink {
 public:
  virtual ~ReplySink() = default;
  virtual void on_reply(std::uint64_t token, Outcome outcome) = 0;
};

class Endpoint {
 public:
  virtual ~Endpoint() = default;
  virtual model::NodeId id() const = 0;
  virtual std::uint32_t instance_count() const = 0;
  // The instance a sender without a policy of its own addresses next
  // (round robin over instances: DNS-style client-side spreading).
  virtual std::uint32_t next_instance() = 0;
  virtual Nic* nic(std::uint32_t instance) = 0;
  // The request's `bytes` have fully arrived at `instance`. The endpoint
  // must eventually call reply_to.sink->on_reply(reply_to.token, outcome)
  // exactly once.
  virtual void receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
                       ReplyTo reply_to) = 0;
  // The client closed `connection`, which it had opened to `instance`.
  virtual void connection_closed(std::uint64_t /*connection*/, std::uint32_t /*instance*/) {}
  // Whether `instance` is up (not in an outage).
  virtual bool up(std::uint32_t /*instance*/) const { return true; }
  // An outage begins or ends (model::InstanceOutage). A model that cannot
  // fail keeps the defaults; compile() lets outages name services only.
  virtual void fail(std::uint32_t /*instance*/) {}
  virtual void restore(std::uint32_t /*instance*/) {}
  // A slowdown begins or ends (model::Slowdown): cpu work takes `factor`
  // times longer meanwhile. compile() lets slowdowns name services only.
  virtual void slow_down(double /*factor*/) {}
  virtual void speed_up(double /*factor*/) {}
};

}  // namespace tiersim
