// The scenario parser: YAML documents to the AST, top level and clients here,
// nodes in node_parser.cpp, typed reads in yaml_reader.cpp.
#include "tiersim/scenario/parser.hpp"

#include <fmt/core.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "arrival_trace.hpp"
#include "node_parser.hpp"
#include "shape_parser.hpp"
#include "yaml_limits.hpp"
#include "yaml_reader.hpp"

namespace tiersim {

namespace {

using namespace scenario_parse;

constexpr std::string_view kTooLarge =
    "the file is larger than 4 MiB, more than any scenario needs";

const KeySet kTopLevelKeys = {"name",           "description",     "seed",   "duration",
                              "warmup",         "hours_per_month", "limits", "slo",
                              "instance_types", "clients",         "nodes",  "failures"};
const KeySet kSloKeys = {"target", "latency"};
const KeySet kClientKeys = {"rate",     "arrival",    "users",      "think_time",     "target",
                            "requests", "population", "connection", "session",        "timeout",
                            "retry",    "shape",      "trace",      "circuit_breaker"};
const KeySet kRetryKeys = {"attempts", "backoff", "multiplier", "max_backoff", "jitter", "budget"};
const KeySet kCircuitBreakerKeys = {"failures", "open_for", "probes"};
const KeySet kRequestClassKeys = {"weight", "request_size", "response_size", "path", "keys"};
const KeySet kKeysKeys = {"count", "zipf", "hot"};
const KeySet kHotKeys = {"keys", "share"};
const KeySet kConnectionKeys = {"keep_alive", "per_user"};
const KeySet kSessionKeys = {"length", "idle_timeout"};
const KeySet kLimitsKeys = {"max_in_flight"};
const KeySet kFailureKeys = {"node", "instance", "slowdown", "at", "restore"};

ast::Keys parse_keys(YamlReader& r, const Entry& entry, const std::string& where) {
  ast::Keys keys;
  keys.mark = r.mark(entry);
  for (const Entry& e : r.map_entries(entry, "a map of count, zipf and hot", where)) {
    if (e.key == "count") {
      keys.count = r.whole_number(e, where);
    } else if (e.key == "zipf") {
      keys.zipf = r.number(e, where);
    } else if (e.key == "hot") {
      keys.hot = r.mark(e);
      for (const Entry& h : r.map_entries(e, "a map of keys and share", where)) {
        if (h.key == "keys")
          keys.hot_keys = r.share(h, where);
        else if (h.key == "share")
          keys.hot_share = r.share(h, where);
        else
          r.unknown_key(h, kHotKeys, where);
      }
    } else {
      r.unknown_key(e, kKeysKeys, where);
    }
  }
  return keys;
}

ast::RequestClass parse_request_class(YamlReader& r, const Entry& entry, std::string_view client) {
  ast::RequestClass rc;
  rc.name = {entry.key, r.mark(entry.key_node)};
  const std::string where = fmt::format(" in request class '{}' of client '{}'", entry.key, client);
  // `page:` and `page: {}` both mean a class with default weight and sizes.
  for (const Entry& e : r.map_entries(entry, "a map of weight, request_size and response_size",
                                      in("client", client))) {
    if (e.key == "weight")
      rc.weight = r.number(e, where);
    else if (e.key == "request_size")
      rc.request_bytes = r.size(e, where);
    else if (e.key == "response_size")
      rc.response_bytes = r.size(e, where);
    else if (e.key == "path")
      rc.path = r.text(e, "a path (e.g. /api/users)", where);
    else if (e.key == "keys")
      rc.keys = parse_keys(r, e, where);
    else
      r.unknown_key(e, kRequestClassKeys, where);
  }
  return rc;
}

ast::Connection parse_connection(YamlReader& r, const Entry& entry, std::string_view client) {
  ast::Connection c;
  c.mark = r.mark(entry);
  const std::string where = in("client", client);
  const std::string inside = fmt::format(" in the connection of client '{}'", client);
  for (const Entry& e : r.map_entries(entry, "a map of keep_alive and per_user", where)) {
    if (e.key == "keep_alive")
      c.keep_alive_ns = r.duration(e, inside);
    else if (e.key == "per_user")
      c.per_user = r.whole_number(e, inside);
    else
      r.unknown_key(e, kConnectionKeys, inside);
  }
  return c;
}

ast::Session parse_session(YamlReader& r, const Entry& entry, std::string_view client) {
  ast::Session session;
  session.mark = r.mark(entry);
  const std::string where = in("client", client);
  const std::string inside = fmt::format(" in the session of client '{}'", client);
  for (const Entry& e : r.map_entries(entry, "a map of length and idle_timeout", where)) {
    if (e.key == "length")
      session.length = r.distribution(e, inside);
    else if (e.key == "idle_timeout")
      session.idle_timeout_ns = r.duration(e, inside);
    else
      r.unknown_key(e, kSessionKeys, inside);
  }
  return session;
}

ast::Retry parse_retry(YamlReader& r, const Entry& entry, std::string_view client) {
  ast::Retry retry;
  retry.mark = r.mark(entry);
  const std::string inside = fmt::format(" in the retry of client '{}'", client);
  for (const Entry& e : r.map_entries(
           entry, "a map of attempts, backoff, multiplier, max_backoff, jitter and budget",
           in("client", client))) {
    if (e.key == "attempts")
      retry.attempts = r.whole_number(e, inside);
    else if (e.key == "backoff")
      retry.backoff_ns = r.duration(e, inside);
    else if (e.key == "multiplier")
      retry.multiplier = r.number(e, inside);
    else if (e.key == "max_backoff")
      retry.max_backoff_ns = r.duration(e, inside);
    else if (e.key == "jitter")
      retry.jitter = r.text(e, "a jitter (none, full or equal)", inside);
    else if (e.key == "budget")
      retry.budget = r.number(e, inside);
    else
      r.unknown_key(e, kRetryKeys, inside);
  }
  return retry;
}

ast::CircuitBreaker parse_circuit_breaker(YamlReader& r, const Entry& entry,
                                          std::string_view client) {
  ast::CircuitBreaker cb;
  cb.mark = r.mark(entry);
  const std::string inside = fmt::format(" in the circuit_breaker of client '{}'", client);
  for (const Entry& e :
       r.map_entries(entry, "a map of failures, open_for and probes", in("client", client))) {
    if (e.key == "failures")
      cb.failures = r.whole_number(e, inside);
    else if (e.key == "open_for")
      cb.open_for_ns = r.duration(e, inside);
    else if (e.key == "probes")
      cb.probes = r.whole_number(e, inside);
    else
      r.unknown_key(e, kCircuitBreakerKeys, inside);
  }
  return cb;
}

ast::Client parse_client(YamlReader& r, const Entry& entry) {
  ast::Client c;
  c.name = {entry.key, r.mark(entry.key_node)};
  c.requests_mark = c.name.mark;
  const std::string where = in("client", entry.key);
  for (const Entry& e :
       r.map_entries(entry, "a map of the client's keys (rate, target, ...)", "")) {
    const SpoiltKeyWatch watch(r, e, c.spoilt_keys);
    if (e.key == "rate") {
      c.rate_per_second = r.rate(e, where);
    } else if (e.key == "arrival") {
      c.arrival = r.text(e, "an arrival process (poisson or constant)", where);
    } else if (e.key == "shape") {
      c.shape = parse_shape(r, e, entry.key);
    } else if (e.key == "trace") {
      if (const auto file = r.text(e, "a CSV file of arrivals (e.g. arrivals.csv)", where)) {
        c.trace.emplace();
        c.trace->file = *file;
        load_arrival_trace(r.resolve(file->value), *c.trace, r.diagnostics());
      }
    } else if (e.key == "users") {
      c.users = r.whole_number(e, where);
    } else if (e.key == "think_time") {
      c.think_time = r.distribution(e, where);
    } else if (e.key == "target") {
      c.target = r.text(e, "a node name", where);
    } else if (e.key == "requests") {
      c.requests_mark = r.mark(e.key_node);
      for (const Entry& rc : r.map_entries(e, "a map of request classes", where))
        c.requests.push_back(parse_request_class(r, rc, entry.key));
    } else if (e.key == "population") {
      c.population = r.whole_number(e, where);
    } else if (e.key == "connection") {
      c.connection = parse_connection(r, e, entry.key);
    } else if (e.key == "session") {
      c.session = parse_session(r, e, entry.key);
    } else if (e.key == "timeout") {
      c.timeout_ns = r.duration(e, where);
    } else if (e.key == "retry") {
      c.retry = parse_retry(r, e, entry.key);
    } else if (e.key == "circuit_breaker") {
      c.circuit_breaker = parse_circuit_breaker(r, e, entry.key);
    } else {
      watch.meant(r.unknown_key(e, kClientKeys, where));
    }
  }
  return c;
}

ast::Limits parse_limits(YamlReader& r, const Entry& entry) {
  ast::Limits limits;
  const std::string where = " in 'limits'";
  for (const Entry& e : r.map_entries(entry, "a map of limits (max_in_flight)", "")) {
    if (e.key == "max_in_flight")
      limits.max_in_flight = r.whole_number(e, where);
    else
      r.unknown_key(e, kLimitsKeys, where);
  }
  return limits;
}

ast::Slo parse_slo(YamlReader& r, const Entry& entry) {
  ast::Slo slo;
  slo.mark = r.mark(entry);
  const std::string where = " in 'slo'";
  for (const Entry& e : r.map_entries(entry, "a map of target and latency", "")) {
    if (e.key == "target")
      slo.target = r.share(e, where);
    else if (e.key == "latency")
      slo.latency_ns = r.duration(e, where);
    else
      r.unknown_key(e, kSloKeys, where);
  }
  return slo;
}

std::vector<ast::InstanceType> parse_instance_types(YamlReader& r, const Entry& entry) {
  std::vector<ast::InstanceType> types;
  for (const Entry& e : r.map_entries(entry, "a map of instance type names to machines", "")) {
    ast::InstanceType t;
    t.name = {e.key, r.mark(e.key_node)};
    t.machine = parse_machine(r, e, " in 'instance_types'", in("instance type", e.key));
    types.push_back(std::move(t));
  }
  return types;
}

// `failures: [{node: web, instance: 1, at: 2m, restore: 4m}, ...]`.
std::vector<ast::Failure> parse_failures(YamlReader& r, const Entry& entry) {
  std::vector<ast::Failure> failures;
  const std::vector<YAML::Node> items =
      r.list_items(entry, "a list of failures ({node, instance, at, restore})", "");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const YAML::Node& item = items[i];
    const std::string where = fmt::format(" in failure {}", i + 1);
    if (!item.IsMap()) {
      r.error(r.mark(item), fmt::format("expected a map {{node, instance, at, restore}} for "
                                        "failure {}, got {}",
                                        i + 1, describe(item)));
      continue;
    }
    ast::Failure f;
    f.mark = r.mark(item);
    for (const Entry& e : r.entries(item)) {
      const SpoiltKeyWatch watch(r, e, f.spoilt_keys);
      if (e.key == "node")
        f.node = r.text(e, "a node name", where);
      else if (e.key == "instance")
        f.instance = r.whole_number(e, where);
      else if (e.key == "slowdown")
        f.slowdown = r.number(e, where);
      else if (e.key == "at")
        f.at_ns = r.duration(e, where);
      else if (e.key == "restore")
        f.restore_ns = r.duration(e, where);
      else
        watch.meant(r.unknown_key(e, kFailureKeys, where));
    }
    failures.push_back(std::move(f));
  }
  return failures;
}

void parse_top_level(YamlReader& r, const YAML::Node& root, ast::Scenario& s) {
  for (const Entry& e : r.entries(root)) {
    const SpoiltKeyWatch watch(r, e, s.spoilt_keys);
    if (e.key == "name") {
      s.name = r.text(e, "a string", "");
    } else if (e.key == "description") {
      s.description = r.text(e, "a string", "");
    } else if (e.key == "seed") {
      s.seed = r.unsigned_number(e, "");
    } else if (e.key == "duration") {
      s.duration_ns = r.duration(e, "");
    } else if (e.key == "warmup") {
      s.warmup_ns = r.duration(e, "");
    } else if (e.key == "hours_per_month") {
      s.hours_per_month = r.number(e, "");
    } else if (e.key == "limits") {
      s.limits = parse_limits(r, e);
    } else if (e.key == "slo") {
      s.slo = parse_slo(r, e);
    } else if (e.key == "instance_types") {
      s.instance_types = parse_instance_types(r, e);
    } else if (e.key == "clients") {
      for (const Entry& c : r.map_entries(e, "a map of client names to clients", ""))
        s.clients.push_back(parse_client(r, c));
    } else if (e.key == "nodes") {
      for (const Entry& n : r.map_entries(e, "a map of node names to nodes", ""))
        s.nodes.push_back(parse_node(r, n));
    } else if (e.key == "failures") {
      s.failures = parse_failures(r, e);
    } else {
      watch.meant(r.unknown_key(e, kTopLevelKeys, " at the top level"));
    }
  }
}

SourceMark mark_of(const std::string& file, const YAML::Mark& m) {
  if (m.is_null()) return SourceMark{file, 0, 0};
  return SourceMark{file, m.line + 1, m.column + 1};
}

// The first document of `text`, or nothing after reporting why there is none
// to read. More than one document is reported, and the first one still read.
std::optional<YAML::Node> load_document(YamlReader& r, const std::string& text) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentScan scan;
    while (parser.HandleNextDocument(scan)) {
      if (scan.problem) {
        r.error(SourceMark{r.file(), scan.problem->line, scan.problem->column},
                scan.problem->message);
        return std::nullopt;
      }
      if (scan.stuck()) {
        const YAML::Mark& at = scan.starts.back();
        const char c = static_cast<std::size_t>(at.pos) < text.size() ? text[at.pos] : ' ';
        r.error(mark_of(r.file(), at), fmt::format("invalid YAML: unexpected '{}'", c));
        return std::nullopt;
      }
    }
    if (scan.starts.size() > 1)
      r.error(mark_of(r.file(), scan.starts[1]),
              fmt::format("a scenario is one YAML document, but this file has {} ('---' starts "
                          "another)",
                          scan.starts.size()));
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this one is "bad file".
    r.error(mark_of(r.file(), e.mark), "the YAML is nested too deeply");
  } catch (const YAML::Exception& e) {
    // yaml-cpp's message for a tab that indents a line ("illegal map
    // value", "end of map not found") does not say what is wrong.
    const SourceMark at = mark_of(r.file(), e.mark);
    if (auto tab = tab_indentation(text, at.line > 0 ? at.line : INT_MAX))
      r.error(SourceMark{r.file(), tab->line, tab->column}, tab->message);
    else
      r.error(at, fmt::format("invalid YAML: {}", e.msg));
  }
  return std::nullopt;
}

// Returns whether there was a top-level map to read.
bool parse_documents(YamlReader& r, const std::string& text, ast::Scenario& s) {
  const std::optional<YAML::Node> root = load_document(r, text);
  if (!root) return false;
  if (root->IsNull()) {
    r.error(s.mark,
            "the scenario is empty; expected a map with at least 'name', 'clients' and "
            "'nodes'");
    return false;
  }
  if (!root->IsMap()) {
    r.error(r.mark(*root), fmt::format("expected a map with 'name', 'clients', 'nodes', ... at "
                                       "the top level, got {}",
                                       describe(*root)));
    return false;
  }
  parse_top_level(r, *root, s);
  return true;
}

}  // namespace

ParseOutcome parse_scenario_text(std::string_view text, const std::string& file_name,
                                 const std::string& base_dir) {
  ParseOutcome out;
  out.scenario.file = file_name;
  out.scenario.mark = SourceMark{file_name, 1, 1};
  YamlReader reader(file_name, base_dir, out.diagnostics);
  if (text.size() > kMaxScenarioBytes) {
    reader.error(SourceMark{file_name, 0, 0}, std::string(kTooLarge));
    return out;
  }
  if (auto problem = check_encoding(text)) {
    reader.error(SourceMark{file_name, problem->line, problem->column}, problem->message);
    return out;
  }
  // The parser reports user errors as diagnostics; an exception here is a
  // yaml-cpp corner or resource exhaustion, and still must not escape.
  try {
    out.document_read = parse_documents(reader, std::string(text), out.scenario);
  } catch (const std::exception& e) {
    out.diagnostics.error(SourceMark{file_name, 0, 0},
                          fmt::format("cannot parse the scenario: {}", e.what()));
  } catch (...) {
    out.diagnostics.error(SourceMark{file_name, 0, 0}, "cannot parse the scenario");
  }
  return out;
}

ParseOutcome parse_scenario_file(const std::string& path) {
  auto cannot_read = [&](std::string_view reason) {
    ParseOutcome out;
    out.scenario.file = path;
    out.scenario.mark = SourceMark{path, 1, 1};
    out.diagnostics.error(SourceMark{path, 0, 0},
                          fmt::format("cannot read scenario file '{}': {}", path, reason));
    return out;
  };
  std::error_code ec;
  // An ifstream opens a directory without complaint and then reads nothing.
  if (std::filesystem::is_directory(path, ec)) return cannot_read("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot_read(std::strerror(errno));
  // Read up to one byte past the limit: enough to know that a file (or a
  // device such as /dev/zero, which has no size) is too large.
  std::string text;
  char chunk[65536];
  while (text.size() <= kMaxScenarioBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return cannot_read("read error");
  if (text.size() > kMaxScenarioBytes) return cannot_read(kTooLarge);
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return parse_scenario_text(text, path, dir.empty() ? std::string(".") : dir.string());
}

}  // namespace tiersim
