// --trace: a sample of requests as Chrome trace events, without changing
// the run.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_tiersim.hpp"

namespace {

using Json = nlohmann::json;

struct Span {
  std::string name, cat;
  double start = 0, end = 0;
};

// The complete events ("ph": "X") of each track (tid), in file order.
std::map<std::int64_t, std::vector<Span>> tracks_of(const Json& trace) {
  std::map<std::int64_t, std::vector<Span>> tracks;
  for (const Json& e : trace["traceEvents"]) {
    if (e["ph"] != "X") continue;
    const double ts = e["ts"].get<double>(), dur = e["dur"].get<double>();
    REQUIRE(ts >= 0);
    REQUIRE(dur >= 0);
    tracks[e["tid"].get<std::int64_t>()].push_back(
        Span{e["name"].get<std::string>(), e["cat"].get<std::string>(), ts, ts + dur});
  }
  return tracks;
}

}  // namespace

TEST_CASE("trace export matches its golden file", "[cli][golden]") {
  const auto r = run_tiersim("run scenarios/one-server.yaml --quiet --trace - --trace-requests 5");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == read_text(TIERSIM_SOURCE_DIR "/tests/golden/one-server.trace.json"));
}

TEST_CASE("a trace has one span per hop, nested along the request's path", "[cli][trace]") {
  const std::string dir = scratch_dir();
  const std::string plain = dir + "/trace-plain.json", with = dir + "/trace-with.json",
                    trace = dir + "/trace.json";
  const std::string run = "run scenarios/three-tier.yaml --quiet --duration 20s ";
  REQUIRE(run_tiersim(run + "--json " + plain).exit_code == 0);
  REQUIRE(run_tiersim(run + "--json " + with + " --trace " + trace + " --trace-requests 40")
              .exit_code == 0);
  // No events of its own: the same result, byte for byte.
  CHECK(read_text(with) == read_text(plain));

  const Json t = Json::parse(read_text(trace));
  CHECK(t["otherData"]["requests_traced"] == 40);
  CHECK(t["otherData"]["truncated"] == false);
  int requests = 0;
  for (const auto& [tid, spans] : tracks_of(t)) {
    // In three-tier every request goes client -> lb -> web -> app, and the
    // app calls db: a request span and four visits, each inside the one
    // before (waits inside their visit), ended innermost first.
    std::vector<Span> visits;
    const Span* request = nullptr;
    for (const Span& s : spans) {
      if (s.cat == "visit") visits.push_back(s);
      if (s.cat == "request") request = &s;
    }
    REQUIRE(request);
    ++requests;
    REQUIRE(visits.size() == 4);
    CHECK(visits[3].name == "lb");
    CHECK(visits[2].name.rfind("web[", 0) == 0);
    CHECK(visits[1].name.rfind("app[", 0) == 0);
    CHECK(visits[0].name == "db");
    // Times are whole nanoseconds; ts + dur in doubles may be off by less.
    constexpr double kNs = 1e-3;
    CHECK(visits[3].start >= request->start - kNs);
    CHECK(visits[3].end <= request->end + kNs);
    for (std::size_t i = 0; i + 1 < visits.size(); ++i) {
      CHECK(visits[i].start >= visits[i + 1].start - kNs);
      CHECK(visits[i].end <= visits[i + 1].end + kNs);
    }
  }
  CHECK(requests == 40);
}

TEST_CASE("a queue's job is a track of its own, with its wait in the queue", "[cli][trace]") {
  // queue-smoothing: during the spike a job waits in `grading` for a slot.
  const auto r = run_tiersim(
      "run scenarios/queue-smoothing.yaml --quiet --warmup 200s --duration 300s --trace - "
      "--trace-requests 50");
  REQUIRE(r.exit_code == 0);
  const Json t = Json::parse(r.out);
  int jobs = 0, waits = 0;
  for (const Json& e : t["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name" &&
        e["args"]["name"].get<std::string>().find("(for #") != std::string::npos)
      ++jobs;
    if (e["ph"] == "X" && e["name"] == "waiting at grading") ++waits;
  }
  CHECK(jobs > 10);
  CHECK(waits > 10);
}

TEST_CASE("trace options that do not fit are usage errors", "[cli][trace]") {
  const auto alone = run_tiersim("run scenarios/one-server.yaml --trace-requests 5");
  CHECK(alone.exit_code == 2);
  CHECK(alone.err == "tiersim: error: --trace-requests: needs --trace FILE\n");
  const auto reps = run_tiersim("run scenarios/one-server.yaml --trace - --replications 3");
  CHECK(reps.exit_code == 2);
  CHECK(reps.err == "tiersim: error: --trace: traces a single run, not replications\n");
}
