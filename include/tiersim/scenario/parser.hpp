// Scenario parsing: YAML text to the AST of ast.hpp, and semantic validation.
//
// parse_* reports syntax errors, unknown keys (with a did-you-mean), wrong
// value types and unit errors (a duration where a size belongs, ...). It
// recovers where it can, so that one run reports every error of a file.
// validate_scenario() then checks what needs the whole file: references to
// nodes, kinds and policies, open against closed clients, and so on.
// Neither throws on bad input.
#pragma once

#include <string>
#include <string_view>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/scenario/ast.hpp"

namespace tiersim {

struct ParseOutcome {
  ast::Scenario scenario;
  DiagnosticList diagnostics;  // empty when the file parsed cleanly
  // False when there was no scenario map to read at all (unreadable file,
  // YAML syntax error, empty document): validating the empty AST would only
  // add noise ("missing 'name'") to the real error.
  bool document_read = false;
};

// Reads and parses a file. Relative paths inside the scenario (empirical
// distribution files) are resolved against the scenario file's directory.
ParseOutcome parse_scenario_file(const std::string& path);

// Parses text as if read from `file_name`; relative paths are resolved against
// `base_dir`.
ParseOutcome parse_scenario_text(std::string_view text, const std::string& file_name,
                                 const std::string& base_dir = ".");

// Semantic checks over a parsed scenario (which may itself have had parse
// errors: validation reports what it can still see).
DiagnosticList validate_scenario(const ast::Scenario& scenario);

}  // namespace tiersim
