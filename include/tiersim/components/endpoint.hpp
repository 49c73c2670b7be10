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

// Where a reply goes: the sink, its own reference for the pending call, the
// NIC that receives the reply bytes (nullptr: not modeled), and how many
// bytes a successful reply carries (the caller knows what it asked for: the
// client's request class, or the call step's response_size).
struct ReplyTo {
  ReplySink* sink = nullptr;
  std::uint64_t token = 0;
  Nic* nic = nullptr;
  std::int64_t response_bytes = 0;
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
};

}  // namespace tiersim
