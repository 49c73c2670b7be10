// Internal to the scenario stage: reading an arrival trace's CSV file.
#pragma once

#include <string>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/scenario/ast.hpp"

namespace tiersim::scenario_parse {

// The most a trace may hold: its rows live in memory for the whole run.
inline constexpr std::size_t kMaxTraceRows = 2'000'000;

// Reads `path` into `trace` (whose `file` names it as the scenario wrote
// it). Errors go to `diagnostics` as "file:line:col" of the CSV, the file
// named as written. Format: a header naming the columns (`time` required;
// `class`, `request_size`, `response_size`, `user` optional, in any
// order), then one arrival per line; blank lines and lines starting with
// '#' are skipped.
void load_arrival_trace(const std::string& path, ast::ArrivalTrace& trace,
                        DiagnosticList& diagnostics);

}  // namespace tiersim::scenario_parse
