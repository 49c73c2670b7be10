// compile(): a parsed, validated scenario AST to a Model.
//
// Resolves names to indices, applies defaults, looks up instance types in the
// catalog (plus the scenario's own), resolves load balancers' routes to
// pools, prepends an external-state service's session-store call to its
// handlers, and builds the topology. Reports, with the mark of what caused
// them: unknown instance types, cycles of synchronous calls (session-store
// and session_miss calls and load-balancer pools included), request classes
// that reach a service with no handler for them or a load balancer with no
// pool for them, and requests or sessions that could never fit in an
// instance's memory.
//
// Requires: validate_scenario() found no errors in `scenario`.
#pragma once

#include <optional>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/model/catalog.hpp"
#include "tiersim/model/model.hpp"
#include "tiersim/scenario/ast.hpp"

namespace tiersim::model {

struct CompileOutcome {
  std::optional<Model> model;  // present exactly when diagnostics is empty
  DiagnosticList diagnostics;
};

CompileOutcome compile(const ast::Scenario& scenario,
                       const InstanceCatalog& catalog = InstanceCatalog::builtin());

}  // namespace tiersim::model
