#include "tiersim/metrics/series.hpp"

#include <catch2/catch.hpp>

using namespace tiersim;

namespace {

model::Model two_nodes() {
  model::Model m;
  m.nodes.resize(2);
  m.nodes[0].name = "web";
  m.nodes[0].machine.cores = 2;
  m.nodes[1].name = "db";
  m.nodes[1].machine.cores = 1;
  m.nodes[1].instances = 4;
  return m;
}

SimTime ms(std::int64_t v) {
  return SimTime::from_ms(v);
}

}  // namespace

TEST_CASE("a series cuts a run into intervals worked out by hand", "[metrics][series]") {
  const model::Model m = two_nodes();
  SeriesRecorder rec(m, ms(100));
  // Interval [0, 100): two arrivals; one completes at 60 ms after 50 ms.
  rec.request_created(ms(10));
  rec.visit_started(0, ms(10));
  rec.busy_cores_changed(0, ms(10), +1);
  rec.request_created(ms(20));
  rec.visit_started(0, ms(20));
  rec.waiting_changed(0, ms(20), +1);
  rec.busy_cores_changed(0, ms(60), -1);
  rec.visit_finished(0, Outcome::completed, ms(60));
  rec.request_finished(Outcome::completed, ms(10), ms(60));
  rec.waiting_changed(0, ms(60), -1);
  rec.busy_cores_changed(0, ms(60), +1);
  // Nothing in [100, 200); the second request is rejected at 250 ms.
  rec.busy_cores_changed(0, ms(250), -1);
  rec.visit_finished(0, Outcome::rejected, ms(250));
  rec.request_finished(Outcome::rejected, ms(20), ms(250));
  const Series s = rec.finish(ms(280));
  REQUIRE(s.rows.size() == 3);
  CHECK(s.nodes == std::vector<std::string>{"web", "db"});

  const SeriesRow& a = s.rows[0];
  CHECK(a.start_s == 0);
  CHECK(a.length_s == Approx(0.1));
  CHECK(a.arrivals == 2);
  CHECK(a.completed == 1);
  CHECK(a.in_flight == 1);
  CHECK(a.throughput_rps == Approx(10));
  CHECK(a.latency_mean_ms == Approx(50).epsilon(0.01));
  // Busy: 1 core over [10, 60), 1 over [60, 100): 90 core-ms of 200.
  CHECK(a.nodes[0].cpu == Approx(0.45));
  // Waiting: one over [20, 60): 40 of 100 ms.
  CHECK(a.nodes[0].queue_mean == Approx(0.4));
  // In the node: [10, 60) and [20, 100): 130 of 100 ms.
  CHECK(a.nodes[0].in_node_mean == Approx(1.3));
  CHECK(a.nodes[0].throughput_rps == Approx(10));
  CHECK(a.nodes[1].cpu == 0);

  const SeriesRow& b = s.rows[1];
  CHECK(b.arrivals == 0);
  CHECK(b.completed == 0);
  CHECK(b.latency_p99_ms == 0);
  CHECK(b.nodes[0].cpu == Approx(0.5));  // the one busy core throughout
  CHECK(b.nodes[0].in_node_mean == Approx(1.0));

  // The last interval is cut short at the run's end: [200, 280).
  const SeriesRow& c = s.rows[2];
  CHECK(c.start_s == Approx(0.2));
  CHECK(c.length_s == Approx(0.08));
  CHECK(c.rejected == 1);
  CHECK(c.in_flight == 0);
  // Busy over [200, 250): 50 core-ms of 2 x 80.
  CHECK(c.nodes[0].cpu == Approx(50.0 / 160));
  CHECK(c.nodes[0].throughput_rps == 0);
}
