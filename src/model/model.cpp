#include "tiersim/model/model.hpp"

namespace tiersim::model {

std::optional<NodeId> Model::find_node(std::string_view name) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name == name) return static_cast<NodeId>(i);
  return std::nullopt;
}

}  // namespace tiersim::model
