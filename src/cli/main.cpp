// tiersim's command line. Exit codes (README): 0 success, 1 a check failed,
// 2 bad usage or an invalid scenario, 3 the simulation stopped on a limit or
// a broken invariant.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "atomic_file.hpp"
#include "pipeline.hpp"
#include "tiersim/core/units.hpp"
#include "tiersim/report/json_report.hpp"
#include "tiersim/report/text_report.hpp"
#include "tiersim/simulation/simulate.hpp"

#ifndef TIERSIM_VERSION
#define TIERSIM_VERSION "unknown"
#endif

namespace {

constexpr int kOk = 0;
constexpr int kBadInput = 2;
constexpr int kStopped = 3;

struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string duration;
  std::string warmup;
  std::string json_path;
  bool quiet = false;
};

// Applies a command-line duration override; returns false (after printing
// why) when the text is not a duration.
bool override_duration(const std::string& flag, const std::string& text, tiersim::SimTime& out,
                       bool allow_zero) {
  if (text.empty()) return true;
  auto parsed = tiersim::parse_duration_ns(text);
  if (!tiersim::ok(parsed)) {
    fmt::print(stderr, "tiersim: error: {}: {}\n", flag,
               std::get<tiersim::ParseError>(parsed).message);
    return false;
  }
  const auto ns = std::get<std::int64_t>(parsed);
  if (ns == 0 && !allow_zero) {
    fmt::print(stderr, "tiersim: error: {}: must be greater than zero\n", flag);
    return false;
  }
  out = tiersim::SimTime::from_ns(ns);
  return true;
}

int run_command(const RunOptions& opt) {
  auto loaded = tiersim::cli::load_scenario(opt.file);
  if (!loaded.model) {
    fmt::print(stderr, "{}", loaded.diagnostics.format());
    return kBadInput;
  }
  tiersim::model::Model& model = *loaded.model;
  if (opt.seed) model.seed = *opt.seed;
  if (!override_duration("--duration", opt.duration, model.duration, false)) return kBadInput;
  if (!override_duration("--warmup", opt.warmup, model.warmup, true)) return kBadInput;

  spdlog::debug("simulating '{}' for {} s after {} s of warm-up", model.name,
                model.duration.seconds(), model.warmup.seconds());
  const tiersim::Result result = tiersim::simulate(model);
  const bool json_to_stdout = opt.json_path == "-";
  if (json_to_stdout) {
    fmt::print("{}", tiersim::to_json(result));
  } else if (!opt.json_path.empty()) {
    const std::string error =
        tiersim::cli::write_file_atomically(opt.json_path, tiersim::to_json(result));
    if (!error.empty()) {
      fmt::print(stderr, "tiersim: error: {}\n", error);
      return kBadInput;
    }
  }
  if (!opt.quiet && !json_to_stdout) fmt::print("{}", tiersim::to_text(result));
  if (result.stopped) {
    fmt::print(stderr, "tiersim: simulation stopped: {}\n", *result.stopped);
    return kStopped;
  }
  return kOk;
}

int graph_command(const std::string& file, const std::string& out_path) {
  auto loaded = tiersim::cli::load_scenario(file);
  if (!loaded.model) {
    fmt::print(stderr, "{}", loaded.diagnostics.format());
    return kBadInput;
  }
  const std::string dot = loaded.model->topology.to_dot(loaded.model->name);
  if (out_path.empty() || out_path == "-") {
    fmt::print("{}", dot);
    return kOk;
  }
  const std::string error = tiersim::cli::write_file_atomically(out_path, dot);
  if (!error.empty()) {
    fmt::print(stderr, "tiersim: error: {}\n", error);
    return kBadInput;
  }
  return kOk;
}

int validate_command(const std::string& file) {
  auto loaded = tiersim::cli::load_scenario(file);
  if (!loaded.model) {
    fmt::print(stderr, "{}", loaded.diagnostics.format());
    return kBadInput;
  }
  const auto& m = *loaded.model;
  fmt::print("{}: valid scenario '{}': {} client{}, {} node{}, {} request class{}\n", file, m.name,
             m.clients.size(), m.clients.size() == 1 ? "" : "s", m.nodes.size(),
             m.nodes.size() == 1 ? "" : "s", m.classes.size(), m.classes.size() == 1 ? "" : "es");
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{
      "tiersim: a deterministic discrete-event simulator of cloud application architectures"};
  app.set_version_flag("--version", std::string("tiersim ") + TIERSIM_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log what tiersim does to stderr");

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate a scenario and report what happened");
  run_cmd->add_option("file", run.file, "Scenario file (YAML)")->required();
  run_cmd->add_option("--seed", run.seed, "Override the scenario's seed");
  run_cmd->add_option("--duration", run.duration, "Override the measured duration (e.g. 2m)");
  run_cmd->add_option("--warmup", run.warmup, "Override the warm-up (e.g. 30s)");
  run_cmd->add_option("--json", run.json_path, "Write the JSON result to this file ('-': stdout)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Do not print the summary table");

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario without simulating it");
  validate_cmd->add_option("file", validate_file, "Scenario file (YAML)")->required();

  std::string graph_file, graph_out;
  CLI::App* graph_cmd = app.add_subcommand(
      "graph", "Write the scenario's topology as Graphviz DOT (render: dot -Tsvg)");
  graph_cmd->add_option("file", graph_file, "Scenario file (YAML)")->required();
  graph_cmd->add_option("-o,--output", graph_out,
                        "Write the DOT text to this file (default: stdout)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);

  try {
    if (*run_cmd) return run_command(run);
    if (*validate_cmd) return validate_command(validate_file);
    if (*graph_cmd) return graph_command(graph_file, graph_out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "tiersim: internal error: {}\n", e.what());
    return kStopped;
  }
  return kBadInput;
}
