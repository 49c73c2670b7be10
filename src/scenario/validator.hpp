// Internal to the scenario stage: the semantic checks of validate_scenario(),
// one member per part of the AST. validate.cpp checks the top level, clients
// and failures; validate_nodes.cpp checks services and load balancers.
//
// Validation works on any AST, also one built in C++ or one whose parse had
// errors, so it checks ranges and names again rather than trusting the parser;
// an absent value is skipped, not reported twice.
#pragma once

#include <fmt/core.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/scenario/ast.hpp"

namespace tiersim::scenario_validate {

template <typename T>
using Located = ast::Located<T>;

class Validator {
 public:
  explicit Validator(const ast::Scenario& s);
  DiagnosticList run();

 private:
  void error(const SourceMark& mark, std::string message) { d_.error(mark, std::move(message)); }

  template <typename T>
  void at_least(const std::optional<Located<T>>& v, T low, std::string_view key) {
    if (v && v->value < low)
      error(v->mark, fmt::format("{} must be at least {}, got {}", key, low, v->value));
  }
  template <typename T>
  void above_zero(const std::optional<Located<T>>& v, std::string_view key) {
    if (v && !(v->value > 0))
      error(v->mark, fmt::format("{} must be above zero, got {}", key, v->value));
  }
  template <typename T>
  void between(const std::optional<Located<T>>& v, T low, T high, std::string_view key) {
    if (v && (v->value < low || v->value > high))
      error(v->mark, fmt::format("{} must be between {} and {}, got {}", key, low, high, v->value));
  }
  // Durations are shown the way they are written ('0ns', '1.5s').
  void duration_above_zero(const std::optional<Located<std::int64_t>>& v, std::string_view key);
  void duration_not_negative(const std::optional<Located<std::int64_t>>& v, std::string_view key);
  void not_negative(const std::optional<Located<double>>& v, std::string_view key);

  // A key the file gives but that did not parse has been reported already.
  static bool spoilt(const ast::SpoiltKeys& keys, std::string_view key);
  static bool contains(const std::vector<std::string>& v, const std::string& s);
  const ast::Node* find_node(const std::string& name) const;

  // validate.cpp
  void check_top_level();
  void check_slo(const ast::Slo& slo);
  void check_keys(const ast::Keys& keys, const std::string& request_class);
  void check_unique_names();
  void check_machine(const ast::Machine& m);
  void check_reference(const Located<std::string>& ref, const ast::Node* from,
                       std::string_view self_message);
  void check_retry(const ast::Retry& r);
  void check_client(const ast::Client& c);
  void check_user_count(const ast::Client& c);
  void check_trace(const ast::Client& c);
  void check_class_paths();
  void check_failure(const ast::Failure& f, std::size_t index);

  // validate_shape.cpp
  void check_shape(const ast::Client& c, bool open);
  void check_crowd(const ast::ShapeItem& item, const std::string& client);

  // validate_nodes.cpp
  void not_for_kind(const SourceMark& mark, std::string_view key, const ast::Node& n);
  void check_node(const ast::Node& n);
  void check_service(const ast::Node& n);
  void check_sessions(const ast::Node& n);
  void check_call(const ast::CallStep& call, const ast::Node& n, std::string_view self_message);
  void check_load_balancer(const ast::Node& n);
  void check_targets(const ast::Targets& t, const ast::Node& n);
  void check_route(const ast::Route& route, std::size_t index, const ast::Node& n);
  void check_layer_4(const ast::Node& n);
  void check_health_check(const ast::HealthCheck& hc);
  void check_steps(const std::vector<ast::Step>& steps, const ast::Node& n);
  void check_queue(const ast::Node& n);
  void check_kind_keys(const ast::Node& n);
  void check_rate_limit(const ast::RateLimit& rl, const ast::Node& n);

  const ast::Scenario& s_;
  std::vector<std::string> node_names_;
  std::vector<std::string> class_names_;  // every class some client sends, in file order
  // For lookups: a file may name thousands of nodes and classes.
  std::map<std::string, const ast::Node*, std::less<>> nodes_by_name_;
  std::set<std::string, std::less<>> class_set_;
  HintBudget hints_;
  DiagnosticList d_;
};

}  // namespace tiersim::scenario_validate
