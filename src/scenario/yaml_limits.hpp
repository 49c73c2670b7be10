// Internal to the scenario stage: what the parser checks of a scenario's text
// before yaml-cpp builds any node, so that no input can exhaust time or
// memory, and so that a file that is not a scenario at all gets one clear
// message instead of yaml-cpp's guess.
//
// - Size: at most kMaxScenarioBytes.
// - Encoding: UTF-8 text, with no control characters other than tab, line
//   feed and carriage return. A binary file, a UTF-16 file or Latin-1 text is
//   reported at its first offending byte.
// - Expansion: yaml-cpp shares an aliased node instead of copying it, but the
//   parser reads a shared node once per alias, so nested anchors and aliases
//   (a "billion laughs") would multiply its work and the AST exponentially.
//   Counting every alias as the whole node it names, a document may have at
//   most kMaxExpandedNodes nodes.
//
// Positions are 1-based lines and byte columns, as yaml-cpp's marks are.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiersim::scenario_parse {

inline constexpr std::size_t kMaxScenarioBytes = 4 * 1024 * 1024;
inline constexpr std::uint64_t kMaxExpandedNodes = 500'000;

struct TextProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

// The first byte that makes `text` something other than UTF-8 text, or nothing.
std::optional<TextProblem> check_encoding(std::string_view text);

// The first line, up to `last_line`, whose indentation has a tab (at the
// tab), or nothing. Asked only once yaml-cpp has failed, to explain why.
std::optional<TextProblem> tab_indentation(std::string_view text, int last_line);

// Reads a YAML stream's events without building nodes: where each document
// starts, and how large each document is with its aliases expanded.
class DocumentScan final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  // Set when a document passes kMaxExpandedNodes or an alias names a node
  // that contains it; the scan then counts nothing more.
  std::optional<TextProblem> problem;

  // yaml-cpp 0.7's LoadAll never returns on a stray ',' at document level:
  // it reads an empty document at the same place again and again. A document
  // that starts where the previous one did is the sign.
  bool stuck() const;

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override;
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override;
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t size;  // nodes so far, this one included; at most kMaxExpandedNodes + 1
  };
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor);
  void open(const YAML::Mark& mark, YAML::anchor_t anchor);
  void close();
  void add_to_parent(std::uint64_t nodes);
  // Adds to the document's running total; past kMaxExpandedNodes, a problem.
  void count(const YAML::Mark& mark, std::uint64_t nodes, bool alias);

  std::vector<Open> open_;
  // Expanded size of each anchored node of the current document, by anchor
  // id; 0 while the node is still open (or for an id not yet seen).
  std::vector<std::uint64_t> anchor_sizes_;
  std::uint64_t document_nodes_ = 0;
};

}  // namespace tiersim::scenario_parse
