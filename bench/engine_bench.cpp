// Speed and memory of the engine, printed as figures (not a test).
//
//   1. the bare event queue: schedule and run N events;
//   2. whole simulations of an M/M/8 server and a three-tier chain at
//      several run lengths: events per second, requests per second, and the
//      peak resident memory after each run, which must not grow with the
//      simulated time (memory is O(requests in flight), not O(requests));
//   3. 16 replications on one thread and on two.
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <string>

#include "tiersim/engine/simulator.hpp"
#include "tiersim/simulation/replications.hpp"
#include "tiersim/simulation/simulate.hpp"

using namespace tiersim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Peak resident set size of this process in MiB (VmHWM from /proc).
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

void bench_event_queue(std::int64_t n) {
  Simulator sim(1);
  RandomStream rng(3);
  std::int64_t ran = 0;
  const auto t0 = std::chrono::steady_clock::now();
  // Keep 10,000 events pending, as a busy model would.
  std::function<void()> tick = [&] {
    ++ran;
    if (ran + 10'000 <= n)
      sim.schedule_in(SimTime::from_ns(static_cast<std::int64_t>(rng.next_below(1'000'000))), tick);
  };
  for (int i = 0; i < 10'000; ++i)
    sim.schedule_in(SimTime::from_ns(static_cast<std::int64_t>(rng.next_below(1'000'000))), tick);
  sim.run_until(SimTime::max());
  const double s = seconds_since(t0);
  fmt::print("event queue: {} events in {:.3f} s = {:.2f} M events/s\n", ran, s, ran / s / 1e6);
}

model::Model mm8(SimTime duration) {
  model::Model m;
  m.name = "bench-mm8";
  m.classes = {"req"};
  model::Node n;
  n.name = "server";
  n.kind = "service";
  n.machine.cores = 8;
  n.handlers = {
      model::Handler{model::Step{model::CpuStep{Distribution(ExponentialDist{1e7})}, "cpu"}}};
  m.nodes = {n};
  model::Client c;
  c.name = "clients";
  c.rate_per_second = 700;
  c.mix = {model::RequestMix{0, 1, 1000, 100'000}};
  m.clients = {c};
  m.duration = duration;
  return m;
}

model::Model chain(SimTime duration) {
  model::Model m = mm8(duration);
  m.name = "bench-chain";
  auto& web = m.nodes[0];
  web.name = "web";
  web.instances = 4;
  web.machine.nic_bps = 1'000'000'000;
  web.memory_per_request = 1 << 20;
  web.machine.memory_bytes = std::int64_t{16} << 30;
  web.handlers[0]->push_back(model::Step{model::CallStep{1, 1000, 4000}, "call"});
  model::Node db;
  db.name = "db";
  db.kind = "service";
  db.machine.cores = 8;
  db.machine.nic_bps = 10'000'000'000;
  db.handlers = {
      model::Handler{model::Step{model::CpuStep{Distribution(ExponentialDist{2e6})}, "cpu"}}};
  m.nodes.push_back(db);
  m.clients[0].rate_per_second = 2000;
  return m;
}

// A layer-7 least_connections balancer over `backends` one-core instances,
// 5,000 requests/s of exp(1ms) in all (10 backends: 50% busy), two million
// requests: the work is the same whatever the number of backends, so the
// cost per event shows what choosing among more backends adds.
model::Model balanced(std::int64_t backends) {
  model::Model m;
  m.name = "bench-balanced";
  m.classes = {"req"};
  m.class_paths = {"/req"};
  model::Node lb;
  lb.name = "lb";
  lb.kind = "load_balancer";
  lb.machine.cores = 64;
  lb.policy = model::BalancingPolicy::least_connections;
  lb.pools = {{1}};
  lb.pool_of_class = {0};
  lb.handlers = {std::nullopt};
  model::Node web;
  web.name = "web";
  web.kind = "service";
  web.instances = backends;
  web.handlers = {
      model::Handler{model::Step{model::CpuStep{Distribution(ExponentialDist{1e6})}, "cpu"}}};
  m.nodes = {lb, web};
  model::Client c;
  c.name = "clients";
  c.rate_per_second = 5000;
  c.mix = {model::RequestMix{0, 1, 0, 0}};
  m.clients = {c};
  m.duration = SimTime::from_seconds(400);
  return m;
}

void bench_run(const char* label, const model::Model& m) {
  const auto t0 = std::chrono::steady_clock::now();
  const Result r = simulate(m);
  const double s = seconds_since(t0);
  const double requests = static_cast<double>(r.requests.generated);
  fmt::print(
      "{:<12} {:>6.0f} s simulated: {:>11} events in {:6.3f} s = {:5.2f} M events/s, "
      "{:5.2f} M requests/s, peak RSS {:.1f} MiB\n",
      label, m.duration.seconds(), r.events, s, static_cast<double>(r.events) / s / 1e6,
      requests / s / 1e6, peak_rss_mib());
}

}  // namespace

// 16 replications of one model on 1 and on 2 threads: the wall time of
// each and the speed-up (issue 12 asks for at least 1.8 on two cores).
void bench_replications(const model::Model& m) {
  double one = 0;
  for (int threads : {1, 2}) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto results = simulate_replications(m, 16, threads);
    const double s = seconds_since(t0);
    if (threads == 1) one = s;
    fmt::print("16 replications on {} thread{}: {:.3f} s{}\n", threads, threads == 1 ? "" : "s", s,
               threads == 1 ? std::string() : fmt::format(", {:.2f}x one thread", one / s));
    (void)results;
  }
}

int main() {
  bench_event_queue(20'000'000);
  for (int minutes : {1, 10, 60}) bench_run("M/M/8", mm8(SimTime::from_seconds(60 * minutes)));
  for (int minutes : {1, 10, 60}) bench_run("web->db", chain(SimTime::from_seconds(60 * minutes)));
  for (std::int64_t n : {10, 1'000, 10'000})
    bench_run(fmt::format("lb x{}", n).c_str(), balanced(n));
  bench_replications(mm8(SimTime::from_seconds(120)));
  return 0;
}
