// Internal to the scenario stage: typed reads out of yaml-cpp nodes that
// report a Diagnostic and return nothing instead of throwing, so that the
// parser keeps going after an error and a run reports every error of a file.
//
// Messages name the key, the place ("in node 'web'") and what was expected:
//   expected a whole number for 'instances' in node 'web', got '2.5'
// Unit errors carry the message of units.hpp verbatim, at the column where
// the problem starts.
//
// Marks: yaml-cpp counts lines and columns from 0; every SourceMark made here
// counts from 1.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/core/units.hpp"
#include "tiersim/scenario/ast.hpp"

namespace tiersim::scenario_parse {

template <typename T>
using Located = ast::Located<T>;

// One `key: value` of a YAML map whose key is a scalar.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The keys a map admits, offered as "did you mean" candidates.
using KeySet = std::vector<std::string>;

// " in node 'web'": the place named in messages. The top level is "".
std::string in(std::string_view what, std::string_view name);

// "a list", "a map", "nothing" or the scalar in quotes, for "got ..." in messages.
std::string describe(const YAML::Node& node);

class YamlReader {
 public:
  // `base_dir` resolves relative file names inside the scenario (empirical CSVs).
  YamlReader(std::string file, std::string base_dir, DiagnosticList& diagnostics);

  const std::string& file() const { return file_; }
  // A file named inside the scenario, resolved against its directory.
  std::string resolve(const std::string& name) const;
  SourceMark mark(const YAML::Node& node) const;
  // The value's mark, or the key's when the value is empty: yaml-cpp marks an
  // empty value at the next token, which is usually on another line.
  SourceMark mark(const Entry& entry) const;
  void error(SourceMark mark, std::string message);
  DiagnosticList& diagnostics() { return diagnostics_; }

  // The entries of a map in file order. Keys that are not scalars, and every
  // repetition of a key after its first, are reported and left out. A merge
  // key (`<<: *anchor`, or a list of them) stands for the entries of the
  // maps it names that the map does not give itself.
  // Requires: map.IsMap().
  std::vector<Entry> entries(const YAML::Node& map);
  // The entries of an entry's value, which must be a map (`expected` says
  // which, e.g. "a map of node names to nodes"). An empty value reads as an
  // empty map, as `key: {}` would.
  std::vector<Entry> map_entries(const Entry& entry, std::string_view expected,
                                 std::string_view where);
  // Adds to `out` the entries of `from` (a map or a list of maps) whose keys
  // are neither `own` nor merged already.
  void merge(const YAML::Node& from, const std::set<std::string>& own,
             std::set<std::string>& merged, std::vector<Entry>& out);
  // Reports the key; returns its closest known key ("" if none is close).
  std::string unknown_key(const Entry& entry, const KeySet& known, std::string_view where);
  std::size_t error_count() const { return diagnostics_.size(); }
  // Shared by every did-you-mean hint of the file's parse.
  HintBudget& hints() { return hints_; }

  // A share of a whole: "99.9%" or 0.999 (as written; ranges are the
  // validator's).
  std::optional<Located<double>> share(const Entry& entry, std::string_view where);
  // Any scalar, as written. `expected` names it in messages ("a node name").
  std::optional<Located<std::string>> text(const Entry& entry, std::string_view expected,
                                           std::string_view where);
  std::optional<Located<std::int64_t>> whole_number(const Entry& entry, std::string_view where);
  std::optional<Located<std::uint64_t>> unsigned_number(const Entry& entry, std::string_view where);
  std::optional<Located<double>> number(const Entry& entry, std::string_view where);
  std::optional<Located<std::int64_t>> duration(const Entry& entry, std::string_view where);
  std::optional<Located<std::int64_t>> size(const Entry& entry, std::string_view where);
  std::optional<Located<std::int64_t>> bandwidth(const Entry& entry, std::string_view where);
  std::optional<Located<double>> rate(const Entry& entry, std::string_view where);
  std::optional<Located<Distribution>> distribution(const Entry& entry, std::string_view where);
  // `true` or `false`, as written (YAML's yes/no/on/off are not accepted).
  std::optional<Located<bool>> boolean(const Entry& entry, std::string_view where);
  // The items of an entry's value, which must be a list (`expected` says
  // which). An empty value reads as an empty list.
  std::vector<YAML::Node> list_items(const Entry& entry, std::string_view expected,
                                     std::string_view where);

 private:
  // The value's text if it is a scalar; otherwise reports a type error.
  const std::string* scalar(const Entry& entry, std::string_view expected, std::string_view where);
  void type_error(const Entry& entry, std::string_view expected, std::string_view where);
  // Converts a unit parser's result, reporting its error at the column where
  // the problem starts.
  template <typename T>
  std::optional<Located<T>> unit_value(const Entry& entry, Parsed<T> parsed);
  Parsed<EmpiricalDist> load_empirical(const std::string& name);

  std::string file_;
  std::string base_dir_;
  DiagnosticList& diagnostics_;
  HintBudget hints_;
  // One load per file, however many steps sample from it.
  std::map<std::string, Parsed<EmpiricalDist>> empirical_;
};

// Records, for one entry of a map, whether reading it reported an error: if
// so the key is spoilt (given, but unreadable). An unknown key's closest
// match is recorded too, through meant().
class SpoiltKeyWatch {
 public:
  SpoiltKeyWatch(const YamlReader& r, const Entry& e, ast::SpoiltKeys& keys)
      : reader_(r), entry_(e), keys_(keys), errors_before_(r.error_count()) {}
  ~SpoiltKeyWatch() {
    if (reader_.error_count() > errors_before_) keys_.push_back(entry_.key);
  }
  void meant(const std::string& key) const {
    if (!key.empty()) keys_.push_back(key);
  }

 private:
  const YamlReader& reader_;
  const Entry& entry_;
  ast::SpoiltKeys& keys_;
  std::size_t errors_before_;
};

}  // namespace tiersim::scenario_parse
