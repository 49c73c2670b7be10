#include "tiersim/components/registry.hpp"

#include "tiersim/components/load_balancer.hpp"
#include "tiersim/components/queue_node.hpp"
#include "tiersim/components/service.hpp"

namespace tiersim {

namespace {

template <typename T>
std::unique_ptr<Endpoint> make(World& world, model::NodeId id) {
  return std::make_unique<T>(world, id);
}

}  // namespace

ComponentRegistry ComponentRegistry::standard() {
  ComponentRegistry r;
  r.add("service", &make<Service>);
  r.add("load_balancer", &make<LoadBalancer>);
  r.add("queue", &make<QueueNode>);
  return r;
}

void ComponentRegistry::add(std::string kind, EndpointFactory factory) {
  for (auto& e : entries_) {
    if (e.first == kind) {
      e.second = factory;
      return;
    }
  }
  entries_.emplace_back(std::move(kind), factory);
}

EndpointFactory ComponentRegistry::find(std::string_view kind) const {
  for (const auto& e : entries_)
    if (e.first == kind) return e.second;
  return nullptr;
}

std::vector<std::string> ComponentRegistry::kinds() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.first);
  return out;
}

}  // namespace tiersim
