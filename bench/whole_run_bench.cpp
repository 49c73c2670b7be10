// tiersim's whole process against the lean reference, side by side in one
// run (docs/performance.md). For an M/M/1 queue and a tandem of two
// stations, each completes about the same number of requests; the figure
// that matters is tiersim's requests per wall-second as a fraction of the
// lean loop's, which a slow or busy machine changes little.
//
//   build/release/bench/tiersim_whole_run_bench [--requests N] [--gate F]
//
// --gate F exits with status 1 when a fraction falls below F (CI uses 0.4).
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "lean_reference.hpp"
#include "tiersim/model/compile.hpp"
#include "tiersim/report/json_report.hpp"
#include "tiersim/scenario/parser.hpp"
#include "tiersim/simulation/simulate.hpp"

using namespace tiersim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Parse, validate, compile, simulate and write the JSON result: everything
// `tiersim run FILE --json out.json --quiet` does but the file reads.
struct WholeRun {
  std::int64_t completed = 0;
  double mean_ms = 0;
  std::size_t json_bytes = 0;
};

WholeRun whole_run(const std::string& yaml) {
  ParseOutcome parsed = parse_scenario_text(yaml, "bench.yaml", ".");
  parsed.diagnostics.append(validate_scenario(parsed.scenario));
  if (!parsed.diagnostics.empty()) {
    fmt::print(stderr, "{}", parsed.diagnostics.format());
    std::exit(2);
  }
  model::CompileOutcome compiled = model::compile(parsed.scenario);
  if (!compiled.model) {
    fmt::print(stderr, "{}", compiled.diagnostics.format());
    std::exit(2);
  }
  const Result r = simulate(*compiled.model);
  return {r.requests.completed, r.latency.mean_ms, to_json(r).size()};
}

std::string mm1_yaml(double seconds) {
  return fmt::format(R"(name: bench-mm1
seed: 1
duration: {}s
clients:
  c: {{rate: 70/s, target: server, requests: {{job: {{}}}}}}
nodes:
  server:
    kind: service
    machine: {{cores: 1}}
    handle:
      job: [{{cpu: exp(10ms)}}]
)",
                     seconds);
}

std::string tandem_yaml(double seconds) {
  return fmt::format(R"(name: bench-tandem
seed: 1
duration: {}s
clients:
  c: {{rate: 80/s, target: web, requests: {{job: {{}}}}}}
nodes:
  web:
    kind: service
    machine: {{cores: 1}}
    handle:
      job: [{{cpu: exp(5ms)}}, {{call: db}}]
  db:
    kind: service
    machine: {{cores: 1}}
    handle:
      job: [{{cpu: exp(8ms)}}]
)",
                     seconds);
}

// Prints one comparison and returns tiersim's fraction of the lean speed.
double compare(const char* name, int stations, double lambda, const double mu[2],
               std::int64_t requests, const std::string& yaml) {
  auto t0 = std::chrono::steady_clock::now();
  const bench::LeanResult lean = bench::lean_tandem(stations, lambda, mu, requests, 1);
  const double lean_s = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  const WholeRun ts = whole_run(yaml);
  const double ts_s = seconds_since(t0);
  const double lean_rate = static_cast<double>(lean.completed) / lean_s;
  const double ts_rate = static_cast<double>(ts.completed) / ts_s;
  fmt::print("{:<8} lean {:>9} requests in {:6.3f} s = {:6.2f} M/s (mean {:.3f} ms)\n", name,
             lean.completed, lean_s, lean_rate / 1e6, lean.mean_response_s * 1e3);
  fmt::print(
      "{:<8} tiersim {:>6} requests in {:6.3f} s = {:6.2f} M/s (mean {:.3f} ms, "
      "{} bytes of JSON)\n",
      "", ts.completed, ts_s, ts_rate / 1e6, ts.mean_ms, ts.json_bytes);
  const double fraction = ts_rate / lean_rate;
  fmt::print("{:<8} tiersim at {:.0f}% of the lean reference\n", "", 100 * fraction);
  return fraction;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t requests = 1'000'000;
  double gate = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--requests")
      requests = std::atoll(argv[i + 1]);
    else if (flag == "--gate")
      gate = std::atof(argv[i + 1]);
  }
  if (requests <= 0) requests = 1'000'000;
  const double mm1_mu[2] = {100, 0}, tandem_mu[2] = {200, 125};
  // The same work: the simulated time in which the arrivals bring `requests`.
  const double fractions[] = {
      compare("M/M/1", 1, 70, mm1_mu, requests, mm1_yaml(static_cast<double>(requests) / 70)),
      compare("tandem", 2, 80, tandem_mu, requests,
              tandem_yaml(static_cast<double>(requests) / 80)),
  };
  for (const double f : fractions) {
    if (f < gate) {
      fmt::print("gate: tiersim fell below {:.0f}% of the lean reference\n", 100 * gate);
      return 1;
    }
  }
  return 0;
}
