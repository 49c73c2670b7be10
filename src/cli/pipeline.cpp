#include "pipeline.hpp"

#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

namespace tiersim::cli {

Loaded load_scenario(const std::string& path) {
  Loaded out;
  ParseOutcome parsed = parse_scenario_file(path);
  out.diagnostics = std::move(parsed.diagnostics);
  if (parsed.document_read) out.diagnostics.append(validate_scenario(parsed.scenario));
  if (!out.diagnostics.empty()) return out;
  model::CompileOutcome compiled = model::compile(parsed.scenario);
  out.diagnostics = std::move(compiled.diagnostics);
  out.model = std::move(compiled.model);
  return out;
}

}  // namespace tiersim::cli
