// Internal to the scenario stage: reading `nodes:` entries and machines.
#pragma once

#include <string_view>

#include "tiersim/scenario/ast.hpp"
#include "yaml_reader.hpp"

namespace tiersim::scenario_parse {

// `web: {kind: service, ...}`. The node is returned even when its body has
// errors, so that references to it do not raise "unknown node" as well.
ast::Node parse_node(YamlReader& reader, const Entry& entry);

// `machine: {cores, memory, nic, price_per_hour}`, also the body of an
// instance type. `where` places the entry itself, `inside` its keys.
ast::Machine parse_machine(YamlReader& reader, const Entry& entry, std::string_view where,
                           std::string_view inside);

}  // namespace tiersim::scenario_parse
