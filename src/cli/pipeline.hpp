// The front half of the pipeline as the commands use it: a scenario file,
// parsed, validated and compiled, or the diagnostics that stopped it.
#pragma once

#include <optional>
#include <string>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim::cli {

struct Loaded {
  std::optional<model::Model> model;
  DiagnosticList diagnostics;
};

Loaded load_scenario(const std::string& path);

}  // namespace tiersim::cli
