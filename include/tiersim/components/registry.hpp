// ComponentRegistry: node models by their `kind:` name.
//
// A new node model is one file pair (its Endpoint) plus one add() line in
// registry.cpp's standard(). The registry is a value built on demand, not a
// static table filled in by initialization order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/world.hpp"

namespace tiersim {

using EndpointFactory = std::unique_ptr<Endpoint> (*)(World& world, model::NodeId id);

class ComponentRegistry {
 public:
  // The registry of every node model shipped with tiersim.
  static ComponentRegistry standard();

  void add(std::string kind, EndpointFactory factory);
  // nullptr when no model is registered under `kind`.
  EndpointFactory find(std::string_view kind) const;
  std::vector<std::string> kinds() const;

 private:
  std::vector<std::pair<std::string, EndpointFactory>> entries_;
};

}  // namespace tiersim
