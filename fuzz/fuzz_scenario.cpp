// libFuzzer target: scenario text through parse, validate, compile and
// explain, as `tiersim validate` and `tiersim explain` run it, and, for a
// small model, a 10 ms simulation.
//
// Any input must give diagnostics or a model, never a crash, a sanitizer
// report, a hang or unbounded memory. A simulation that breaks the
// conservation of requests is a finding too (it aborts).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tiersim/model/compile.hpp"
#include "tiersim/model/explain.hpp"
#include "tiersim/scenario/parser.hpp"
#include "tiersim/simulation/simulate.hpp"

namespace {

using tiersim::SimTime;
namespace model = tiersim::model;

// Simulated briefly, a model is still fast to run when it offers few requests
// and holds little state: these bounds keep one input to a few milliseconds.
constexpr SimTime kDuration = SimTime::from_ms(10);
constexpr double kMaxRequests = 2000;  // offered in kDuration, all clients together
constexpr std::int64_t kMaxUsers = 1000;
constexpr std::int64_t kMaxInstances = 1000;
constexpr SimTime kMinProbeInterval = SimTime::from_ms(1);

bool small_enough(const model::Model& m, const model::Explanation& e) {
  double requests = 0;
  for (const model::ClientLoad& c : e.clients) {
    // A closed loop whose users neither think nor wait runs millions of
    // events at t=0 before the engine stops it (tests/cli/zeno.yaml).
    if (c.closed_loop && !(c.requests_per_second > 0)) return false;
    requests += c.requests_per_second * kDuration.seconds();
  }
  if (!(requests <= kMaxRequests)) return false;
  std::int64_t users = 0;
  for (const model::Client& c : m.clients) {
    users += (c.closed_loop ? c.users : c.population) * c.connection.per_user;
    if (users > kMaxUsers) return false;
  }
  std::int64_t instances = 0;
  for (const model::Node& n : m.nodes) {
    instances += n.instances;
    if (instances > kMaxInstances) return false;
    if (n.health_check && n.health_check->interval < kMinProbeInterval) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tiersim::ParseOutcome parsed =
      tiersim::parse_scenario_text(text, "fuzz.yaml", TIERSIM_FUZZ_DATA_DIR);
  if (parsed.document_read) parsed.diagnostics.append(tiersim::validate_scenario(parsed.scenario));
  if (!parsed.diagnostics.empty()) {
    (void)parsed.diagnostics.format();
    return 0;
  }
  model::CompileOutcome compiled = model::compile(parsed.scenario);
  if (compiled.model.has_value() == !compiled.diagnostics.empty()) std::abort();
  if (!compiled.model) {
    (void)compiled.diagnostics.format();
    return 0;
  }
  model::Model& m = *compiled.model;
  const model::Explanation explanation = model::explain(m);
  if (!small_enough(m, explanation)) return 0;
  m.duration = kDuration;
  m.warmup = SimTime::zero();
  m.max_in_flight = 1000;
  const tiersim::Result result = tiersim::simulate(m);
  // simulate() reports a broken invariant instead of throwing.
  if (result.stopped && result.stopped->rfind("broken invariant", 0) == 0) std::abort();
  return 0;
}
