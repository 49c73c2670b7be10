// tiersim's command line. Exit codes (README): 0 success, 1 a check failed,
// 2 bad usage or an invalid scenario, 3 the simulation stopped on a limit or
// a broken invariant.
#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "atomic_file.hpp"
#include "pipeline.hpp"
#include "progress_bar.hpp"
#include "scenario_list.hpp"
#include "tiersim/core/units.hpp"
#include "tiersim/metrics/series.hpp"
#include "tiersim/model/explain.hpp"
#include "tiersim/model/workload.hpp"
#include "tiersim/report/chrome_trace.hpp"
#include "tiersim/report/comparison.hpp"
#include "tiersim/report/explain_report.hpp"
#include "tiersim/report/json_report.hpp"
#include "tiersim/report/prometheus.hpp"
#include "tiersim/report/replication_report.hpp"
#include "tiersim/report/series_csv.hpp"
#include "tiersim/report/text_report.hpp"
#include "tiersim/simulation/replications.hpp"
#include "tiersim/simulation/simulate.hpp"

#ifndef TIERSIM_VERSION
#define TIERSIM_VERSION "unknown"
#endif

namespace {

constexpr int kOk = 0;
constexpr int kCheckFailed = 1;
constexpr int kBadInput = 2;
constexpr int kStopped = 3;

// --max-events, --max-wall-time, --max-memory.
struct LimitOptions {
  std::optional<std::uint64_t> max_events;
  std::string max_wall_time;
  std::string max_memory;
};

struct RunOptions {
  LimitOptions limits;
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string duration;
  std::string warmup;
  std::string json_path;
  std::string series_path;
  std::string interval;
  std::string prometheus_path;
  std::string trace_path;
  bool progress = false, no_progress = false;
  bool check_slo = false;
  std::int64_t trace_requests = 0;  // 0: not given (100 with --trace)
  bool quiet = false;
  int replications = 1;
  int threads = 0;  // 0: one per hardware thread
};

struct CompareOptions {
  LimitOptions limits;
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::string duration;
  std::string warmup;
  std::string json_path;
  std::string csv_path;
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

// Applies --seed, --duration and --warmup; false (after saying why) when a
// value is not valid.
bool apply_overrides(tiersim::model::Model& model, const std::optional<std::uint64_t>& seed,
                     const std::string& duration, const std::string& warmup) {
  if (seed) model.seed = *seed;
  if (!override_duration("--duration", duration, model.duration, false) ||
      !override_duration("--warmup", warmup, model.warmup, true))
    return false;
  // Validation bounded the bursts over the scenario's own run; a longer run
  // from the command line must keep to the same bound.
  for (const auto& c : model.clients) {
    const std::int64_t bursts = tiersim::model::burst_count(c, model.warmup + model.duration);
    if (bursts > tiersim::kMaxBursts) {
      fmt::print(stderr,
                 "tiersim: error: --duration: client '{}' would start {} bursts in this run, more "
                 "than {}; shorten the run or make the bursts rarer\n",
                 c.name, bursts, tiersim::kMaxBursts);
      return false;
    }
  }
  return true;
}

// Applies the run limits; false (after saying why) when a value is not valid.
bool apply_limits(tiersim::model::Model& model, const LimitOptions& limits) {
  if (limits.max_events) {
    if (*limits.max_events == 0) {
      fmt::print(stderr, "tiersim: error: --max-events: must be greater than zero\n");
      return false;
    }
    model.max_events = *limits.max_events;
  }
  if (!limits.max_wall_time.empty()) {
    tiersim::SimTime t;
    if (!override_duration("--max-wall-time", limits.max_wall_time, t, false)) return false;
    model.max_wall_seconds = t.seconds();
  }
  if (!limits.max_memory.empty()) {
    auto parsed = tiersim::parse_size_bytes(limits.max_memory);
    if (!tiersim::ok(parsed)) {
      fmt::print(stderr, "tiersim: error: --max-memory: {}\n",
                 std::get<tiersim::ParseError>(parsed).message);
      return false;
    }
    if (std::get<std::int64_t>(parsed) == 0) {
      fmt::print(stderr, "tiersim: error: --max-memory: must be greater than zero\n");
      return false;
    }
    model.max_memory_bytes = std::get<std::int64_t>(parsed);
  }
  return true;
}

// The files a run reads: the scenario files and the CSV files of their
// empirical distributions (relative to each scenario's directory).
std::vector<std::filesystem::path> inputs_of(const std::string& file,
                                             const tiersim::model::Model& m) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs{file};
  const auto add = [&](const tiersim::Distribution& d) {
    const auto* e = std::get_if<tiersim::EmpiricalDist>(&d.variant());
    if (!e || e->source.empty()) return;
    const fs::path source(e->source);
    inputs.push_back(source.is_absolute() ? source : fs::path(file).parent_path() / source);
  };
  const auto add_steps = [&](const tiersim::model::Handler& h) {
    for (const auto& step : h) {
      if (const auto* cpu = std::get_if<tiersim::model::CpuStep>(&step.action)) add(cpu->time);
      if (const auto* delay = std::get_if<tiersim::model::DelayStep>(&step.action))
        add(delay->time);
    }
  };
  for (const auto& c : m.clients) {
    add(c.think_time);
    if (c.session.length) add(*c.session.length);
  }
  for (const auto& n : m.nodes) {
    for (const auto& h : n.handlers)
      if (h) add_steps(*h);
    add_steps(n.session_miss);
    add(n.connection_cpu);
    add(n.request_cpu);
    if (n.tls) add(n.tls->handshake_cpu);
  }
  return inputs;
}

// Every input of the run, for write_output's refusal to overwrite one.
std::vector<std::filesystem::path> g_inputs;

// False (after saying why) when `path` is one of the run's inputs: a
// mistyped --json scenario.yaml must not destroy the scenario. Checked
// before simulating, and again when writing.
bool output_allowed(const std::string& path) {
  if (path.empty() || path == "-") return true;
  std::error_code ec;
  for (const auto& input : g_inputs) {
    if (std::filesystem::equivalent(path, input, ec)) {
      fmt::print(stderr,
                 "tiersim: error: refusing to write the output over '{}', which this run reads "
                 "as input\n",
                 path);
      return false;
    }
  }
  return true;
}

// Writes an output file atomically, or to stdout for "-"; false (after
// saying why) when it cannot be written or is an input.
bool write_output(const std::string& path, const std::string& text) {
  if (path == "-") {
    fmt::print("{}", text);
    return true;
  }
  if (!output_allowed(path)) return false;
  const std::string error = tiersim::cli::write_file_atomically(path, text);
  if (!error.empty()) fmt::print(stderr, "tiersim: error: {}\n", error);
  return error.empty();
}

// The compiled scenario, or nothing after printing its diagnostics. Its
// files join g_inputs.
std::optional<tiersim::model::Model> load_or_report(const std::string& file) {
  auto loaded = tiersim::cli::load_scenario(file);
  if (!loaded.model) {
    fmt::print(stderr, "{}", loaded.diagnostics.format());
  } else {
    for (auto& p : inputs_of(file, *loaded.model)) g_inputs.push_back(std::move(p));
  }
  return std::move(loaded.model);
}

int replications_command(const tiersim::model::Model& model, const RunOptions& opt) {
  const int threads = opt.threads > 0
                          ? opt.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const auto results = tiersim::simulate_replications(model, opt.replications, threads);
  if (!opt.json_path.empty() && !write_output(opt.json_path, tiersim::replication_json(results)))
    return kBadInput;
  if (!opt.quiet && opt.json_path != "-") fmt::print("{}", tiersim::replication_text(results));
  for (const auto& r : results) {
    if (r.stopped) {
      fmt::print(stderr, "tiersim: replication with seed {} stopped: {}\n", r.seed, *r.stopped);
      return kStopped;
    }
  }
  return kOk;
}

// Applies --series and --interval; false (after saying why) when they do not
// fit the run.
bool apply_series(tiersim::model::Model& model, const RunOptions& opt) {
  if (opt.series_path.empty()) {
    if (opt.interval.empty()) return true;
    fmt::print(stderr, "tiersim: error: --interval: needs --series FILE\n");
    return false;
  }
  tiersim::SimTime interval = tiersim::SimTime::from_seconds(1);
  if (!override_duration("--interval", opt.interval, interval, false)) return false;
  const std::int64_t run = (model.warmup + model.duration).ns();
  if (run / interval.ns() >= tiersim::kMaxSeriesRows) {
    fmt::print(stderr,
               "tiersim: error: --interval: {} over a run of {} makes more than {} rows; "
               "choose a longer interval\n",
               tiersim::format_duration(interval.ns()), tiersim::format_duration(run),
               tiersim::kMaxSeriesRows);
    return false;
  }
  model.series_interval = interval;
  return output_allowed(opt.series_path);
}

int run_command(const RunOptions& opt) {
  auto loaded = load_or_report(opt.file);
  if (!loaded) return kBadInput;
  tiersim::model::Model& model = *loaded;
  if (!apply_overrides(model, opt.seed, opt.duration, opt.warmup)) return kBadInput;
  if (!apply_limits(model, opt.limits) || !output_allowed(opt.json_path)) return kBadInput;
  // Outputs of one run's detail have no meaning for replications.
  const std::pair<const char*, const std::string*> single_run[] = {
      {"--series: records", &opt.series_path},
      {"--prometheus: exports", &opt.prometheus_path},
      {"--trace: traces", &opt.trace_path}};
  for (const auto& [what, path] : single_run) {
    if (path->empty() || opt.replications <= 1) continue;
    fmt::print(stderr, "tiersim: error: {} a single run, not replications\n", what);
    return kBadInput;
  }
  if (!apply_series(model, opt) || !output_allowed(opt.prometheus_path) ||
      !output_allowed(opt.trace_path))
    return kBadInput;
  if (opt.check_slo && opt.replications > 1) {
    fmt::print(stderr, "tiersim: error: --check-slo: checks a single run, not replications\n");
    return kBadInput;
  }
  if (opt.check_slo && !model.slo) {
    fmt::print(stderr, "tiersim: error: --check-slo: the scenario has no 'slo' to check\n");
    return kBadInput;
  }
  if (opt.trace_requests > 0 && opt.trace_path.empty()) {
    fmt::print(stderr, "tiersim: error: --trace-requests: needs --trace FILE\n");
    return kBadInput;
  }
  if (!opt.trace_path.empty())
    model.trace_requests = opt.trace_requests > 0 ? opt.trace_requests : 100;

  spdlog::debug("simulating '{}' for {} s after {} s of warm-up", model.name,
                model.duration.seconds(), model.warmup.seconds());
  if (opt.replications > 1) return replications_command(model, opt);
  const bool json_to_stdout = opt.json_path == "-";
  const bool data_to_stdout = json_to_stdout || opt.series_path == "-" ||
                              opt.prometheus_path == "-" || opt.trace_path == "-";
  // On a terminal, unless the output is quiet or data; or when asked.
  const bool terminal = isatty(fileno(stderr)) != 0;
  const bool show_progress =
      opt.progress || (!opt.no_progress && terminal && !opt.quiet && !data_to_stdout);
  std::optional<tiersim::cli::ProgressBar> bar;
  if (show_progress) bar.emplace(stderr, terminal, opt.progress);
  const tiersim::Result result =
      tiersim::simulate(model, bar ? tiersim::ProgressCallback([&bar](auto now, auto end, auto n) {
                          bar->update(now, end, n);
                        })
                                   : tiersim::ProgressCallback{});
  if (bar) bar->finish();
  for (const auto& e : result.instance_events)
    spdlog::info("t={:.3f}s {} instance {} {}{}", e.time_s, e.node, e.instance, e.event,
                 e.by.empty() ? std::string() : fmt::format(" (by {})", e.by));
  if (!opt.json_path.empty() && !write_output(opt.json_path, tiersim::to_json(result)))
    return kBadInput;
  if (result.series && !write_output(opt.series_path, tiersim::series_csv(*result.series)))
    return kBadInput;
  if (!opt.prometheus_path.empty() &&
      !write_output(opt.prometheus_path, tiersim::to_prometheus(result)))
    return kBadInput;
  if (result.trace && !write_output(opt.trace_path, tiersim::chrome_trace(result)))
    return kBadInput;
  if (!opt.quiet && !json_to_stdout && opt.series_path != "-" && opt.prometheus_path != "-" &&
      opt.trace_path != "-")
    fmt::print("{}", tiersim::to_text(result));
  if (result.stopped) {
    fmt::print(stderr, "tiersim: simulation stopped: {}\n", *result.stopped);
    return kStopped;
  }
  if (opt.check_slo && !result.slo->met) {
    fmt::print(stderr, "tiersim: slo missed: {} of the requests were good, the target is {}\n",
               result.slo->achieved ? fmt::format("{:.3f}%", *result.slo->achieved * 100)
                                    : std::string("none"),
               fmt::format("{:g}%", result.slo->target * 100));
    return kCheckFailed;
  }
  return kOk;
}

// Runs every variant with one seed (the first file's, or --seed), so that
// they see the same arrivals and service draws wherever they have the same
// clients and nodes (common random numbers).
int compare_command(const CompareOptions& opt) {
  std::vector<tiersim::model::Model> models;
  bool invalid = false;
  for (const auto& file : opt.files) {
    auto loaded = load_or_report(file);
    if (!loaded) {
      invalid = true;
      continue;
    }
    models.push_back(std::move(*loaded));
  }
  if (invalid) return kBadInput;
  const std::optional<std::uint64_t> seed = opt.seed ? opt.seed : models.front().seed;
  for (auto& m : models)
    if (!apply_overrides(m, seed, opt.duration, opt.warmup) || !apply_limits(m, opt.limits))
      return kBadInput;
  if (!output_allowed(opt.json_path) || !output_allowed(opt.csv_path)) return kBadInput;

  std::vector<tiersim::Variant> variants;
  for (std::size_t i = 0; i < models.size(); ++i)
    variants.push_back(tiersim::Variant{opt.files[i], tiersim::simulate(models[i])});
  if (!opt.json_path.empty() && !write_output(opt.json_path, tiersim::comparison_json(variants)))
    return kBadInput;
  if (!opt.csv_path.empty() && !write_output(opt.csv_path, tiersim::comparison_csv(variants)))
    return kBadInput;
  if (!opt.quiet && opt.json_path != "-" && opt.csv_path != "-")
    fmt::print("{}", tiersim::comparison_text(variants));
  int code = kOk;
  for (const auto& v : variants) {
    if (v.result.stopped) {
      fmt::print(stderr, "tiersim: simulation of {} stopped: {}\n", v.file, *v.result.stopped);
      code = kStopped;
    }
  }
  return code;
}

int explain_command(const std::string& file, bool run) {
  auto loaded = load_or_report(file);
  if (!loaded) return kBadInput;
  const auto ex = tiersim::model::explain(*loaded);
  if (!run) {
    fmt::print("{}", tiersim::explanation_text(loaded->name, ex));
    return kOk;
  }
  const tiersim::Result result = tiersim::simulate(*loaded);
  fmt::print("{}", tiersim::explanation_text(loaded->name, ex, &result));
  return result.stopped ? kStopped : kOk;
}

int graph_command(const std::string& file, const std::string& out_path) {
  auto loaded = load_or_report(file);
  if (!loaded) return kBadInput;
  const std::string dot = loaded->topology.to_dot(loaded->name);
  return write_output(out_path.empty() ? "-" : out_path, dot) ? kOk : kBadInput;
}

int validate_command(const std::string& file) {
  auto loaded = load_or_report(file);
  if (!loaded) return kBadInput;
  const auto& m = *loaded;
  fmt::print("{}: valid scenario '{}': {} client{}, {} node{}, {} request class{}\n", file, m.name,
             m.clients.size(), m.clients.size() == 1 ? "" : "s", m.nodes.size(),
             m.nodes.size() == 1 ? "" : "s", m.classes.size(), m.classes.size() == 1 ? "" : "es");
  return kOk;
}

}  // namespace

void add_limit_options(CLI::App* cmd, LimitOptions& limits) {
  cmd->add_option("--max-events", limits.max_events,
                  "Stop (exit 3, partial result) after this many events");
  cmd->add_option("--max-wall-time", limits.max_wall_time,
                  "Stop (exit 3, partial result) after this much wall-clock time (e.g. 30s)");
  cmd->add_option("--max-memory", limits.max_memory,
                  "Stop (exit 3, partial result) when resident memory reaches this (e.g. 2GiB)");
}

int main(int argc, char** argv) {
  // Logs go to stderr: stdout may be carrying a result (--json -).
  spdlog::set_default_logger(spdlog::stderr_color_st("tiersim"));
  spdlog::set_pattern("tiersim %l: %v");
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{
      "tiersim: a deterministic discrete-event simulator of cloud application architectures"};
  app.set_version_flag("--version", std::string("tiersim ") + TIERSIM_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  std::string log_level;
  auto* verbose_flag =
      app.add_flag("-v,--verbose", verbose, "Log what tiersim does to stderr (--log-level debug)");
  app.add_option("--log-level", log_level,
                 "What to log to stderr: trace, debug, info (adds the run's events: outages, "
                 "health changes, with simulated times), warn (the default), error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->excludes(verbose_flag);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate a scenario and report what happened");
  run_cmd->add_option("file", run.file, "Scenario file (YAML)")->required();
  run_cmd->add_option("--seed", run.seed, "Override the scenario's seed");
  run_cmd->add_option("--duration", run.duration, "Override the measured duration (e.g. 2m)");
  run_cmd->add_option("--warmup", run.warmup, "Override the warm-up (e.g. 30s)");
  run_cmd->add_option("--json", run.json_path, "Write the JSON result to this file ('-': stdout)");
  run_cmd->add_option("--series", run.series_path,
                      "Write the run in intervals as CSV to this file ('-': stdout)");
  run_cmd->add_option("--interval", run.interval, "Length of a --series interval (default 1s)");
  run_cmd->add_option("--prometheus", run.prometheus_path,
                      "Write the final metrics in the Prometheus text format ('-': stdout)");
  run_cmd->add_option("--trace", run.trace_path,
                      "Write a sample of requests as spans in the Chrome trace-event format, "
                      "for Perfetto ('-': stdout)");
  run_cmd
      ->add_option("--trace-requests", run.trace_requests,
                   "How many requests --trace follows: the first N of the measured window "
                   "(default 100)")
      ->check(CLI::Range(1, 100000));
  run_cmd->add_flag("-q,--quiet", run.quiet, "Do not print the summary table");
  run_cmd->add_flag("--check-slo", run.check_slo,
                    "Exit with code 1 when the scenario's slo is missed (for CI)");
  auto* progress = run_cmd->add_flag(
      "--progress", run.progress,
      "Show the run's progress on stderr even when it is not a terminal (by default: on a "
      "terminal, for runs over a second, unless --quiet or data goes to stdout)");
  run_cmd->add_flag("--no-progress", run.no_progress, "Never show the run's progress")
      ->excludes(progress);
  run_cmd
      ->add_option("--replications", run.replications,
                   "Run N independent replications and report 95% confidence intervals")
      ->check(CLI::Range(1, 10000));
  run_cmd->add_option("--threads", run.threads, "Threads for replications (default: all cores)")
      ->check(CLI::Range(1, 1024));
  add_limit_options(run_cmd, run.limits);

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario without simulating it");
  validate_cmd->add_option("file", validate_file, "Scenario file (YAML)")->required();

  CompareOptions compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare",
      "Simulate several scenarios with common random numbers and print them side by side\n"
      "  e.g. tiersim compare scenarios/vertical.yaml scenarios/horizontal.yaml");
  compare_cmd->add_option("files", compare.files, "Scenario files (YAML), two or more")
      ->required()
      ->expected(2, 1000);
  compare_cmd->add_option("--seed", compare.seed,
                          "Seed for every variant (default: the first file's)");
  compare_cmd->add_option("--duration", compare.duration, "Override every measured duration");
  compare_cmd->add_option("--warmup", compare.warmup, "Override every warm-up");
  compare_cmd->add_option("--json", compare.json_path,
                          "Write the comparison as JSON ('-': stdout)");
  compare_cmd->add_option("--csv", compare.csv_path, "Write the comparison as CSV ('-': stdout)");
  compare_cmd->add_flag("-q,--quiet", compare.quiet, "Do not print the table");
  add_limit_options(compare_cmd, compare.limits);

  std::string explain_file;
  CLI::App* explain_cmd = app.add_subcommand(
      "explain",
      "Predict utilizations and the bottleneck from the operational laws, without simulating");
  explain_cmd->add_option("file", explain_file, "Scenario file (YAML)")->required();
  bool explain_run = false;
  explain_cmd->add_flag("--run", explain_run,
                        "Also simulate, and show the simulated figures beside");

  std::string graph_file, graph_out;
  CLI::App* graph_cmd = app.add_subcommand(
      "graph", "Write the scenario's topology as Graphviz DOT (render: dot -Tsvg)");
  graph_cmd->add_option("file", graph_file, "Scenario file (YAML)")->required();
  graph_cmd->add_option("-o,--output", graph_out,
                        "Write the DOT text to this file (default: stdout)");

  std::string scenarios_dir;
  CLI::App* scenarios_cmd =
      app.add_subcommand("scenarios", "List the bundled scenarios, one line each");
  scenarios_cmd->add_option("--dir", scenarios_dir,
                            "List the scenarios of this folder instead (default: ./scenarios, "
                            "or the bundled ones)");
  scenarios_cmd->footer("Example: tiersim scenarios, then tiersim explain scenarios/<file>");

  run_cmd->footer(
      "Examples:\n"
      "  tiersim run scenarios/three-tier.yaml\n"
      "  tiersim run scenarios/three-tier.yaml --quiet --json result.json --series s.csv\n"
      "  tiersim run scenarios/traffic-spike.yaml --check-slo   # exit 1 if the SLO is missed");
  validate_cmd->footer("Example: tiersim validate scenarios/three-tier.yaml");
  explain_cmd->footer("Example: tiersim explain scenarios/traffic-spike.yaml --run");
  graph_cmd->footer(
      "Example: tiersim graph scenarios/three-tier.yaml -o topology.dot && dot -Tsvg "
      "topology.dot > topology.svg");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);
  if (!log_level.empty()) spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    if (*run_cmd) return run_command(run);
    if (*validate_cmd) return validate_command(validate_file);
    if (*graph_cmd) return graph_command(graph_file, graph_out);
    if (*compare_cmd) return compare_command(compare);
    if (*explain_cmd) return explain_command(explain_file, explain_run);
    if (*scenarios_cmd) {
      const std::string dir =
          scenarios_dir.empty() ? tiersim::cli::default_scenario_dir() : scenarios_dir;
      const std::string list = tiersim::cli::scenario_list(dir);
      if (list.empty()) {
        fmt::print(stderr, "tiersim: error: no scenario files (*.yaml) in '{}'\n", dir);
        return kBadInput;
      }
      fmt::print("{}", list);
      return kOk;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "tiersim: internal error: {}\n", e.what());
    return kStopped;
  }
  return kBadInput;
}
