// Internal to the scenario stage: reading a client's `shape:`.
#pragma once

#include <string_view>
#include <vector>

#include "tiersim/scenario/ast.hpp"
#include "yaml_reader.hpp"

namespace tiersim::scenario_parse {

// `shape:` is a list of one-key maps (`- spike: {...}`), or a map of kinds
// to parameters when each kind appears once (`{daily: {...}, spike: {...}}`).
std::vector<ast::ShapeItem> parse_shape(YamlReader& reader, const Entry& entry,
                                        std::string_view client);

}  // namespace tiersim::scenario_parse
