// World: everything the components of one run share: the simulator, the
// model, the observer, the requests in flight and the nodes by id.
//
// It also carries messages between components, so that every hop pays the
// same NIC costs: send() moves a request to a node's instance, reply()
// moves a reply back to whoever waits for it.
#pragma once

#include <memory>
#include <vector>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/nic.hpp"
#include "tiersim/engine/observer.hpp"
#include "tiersim/engine/simulator.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

class World {
 public:
  World(Simulator& sim, const model::Model& model, Observer& observer)
      : sim(sim), model(model), observer(observer) {}

  Simulator& sim;
  const model::Model& model;
  Observer& observer;
  RequestTable requests;
  std::vector<std::unique_ptr<Endpoint>> nodes;  // indexed by NodeId
  // Ids unique in the run; 0 means none.
  std::uint64_t next_connection_id = 1;
  std::uint64_t next_session_id = 1;

  Endpoint& node(model::NodeId id) { return *nodes[id]; }

  // Moves `bytes` from NIC `from` to NIC `to` (either may be nullptr: that
  // side is not modeled) and runs `on_arrival` when the last byte has
  // arrived. Returns when the last byte has left `from`.
  SimTime transmit(Nic* from, Nic* to, std::int64_t bytes, Action on_arrival);

  // Sends `bytes` of `request` from `from` (nullptr: a client, not modeled)
  // to instance `instance` of node `to`; the node receives it when the last
  // byte has arrived.
  void send(RequestHandle request, Nic* from, model::NodeId to, std::uint32_t instance,
            std::int64_t bytes, ReplyTo reply_to);

  // Sends a reply of `bytes` from `from` to `reply_to`, which learns the
  // outcome when the last byte has arrived. Returns the time the last byte
  // left `from` (the moment the reply has left the node).
  SimTime reply(ReplyTo reply_to, Nic* from, std::int64_t bytes, Outcome outcome);
};

}  // namespace tiersim
