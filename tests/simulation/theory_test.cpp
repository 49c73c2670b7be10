// Simulation against queueing theory. Tolerances: see theory_support.hpp.
// Service times are in milliseconds of CPU on one core; rates per second.
#include <catch2/catch.hpp>
#include <cmath>

#include "theory_support.hpp"

using namespace theory;

namespace {

const Distribution exp10ms = Distribution(ExponentialDist{1e7});

double mean_latency_ms(const Result& r) {
  return r.latency.mean_ms;
}

void check_close(const Estimate& e, double theory_value, double max_relative_half_width) {
  INFO("simulated " << e.mean << " +/- " << e.half_width << ", theory " << theory_value);
  CHECK(std::abs(e.mean - theory_value) <= e.half_width);
  CHECK(e.half_width <= max_relative_half_width * theory_value);
}

double factorial(int n) {
  return n <= 1 ? 1.0 : n * factorial(n - 1);
}

}  // namespace

TEST_CASE("M/M/1: mean and percentiles of the response time", "[theory]") {
  // lambda = 70/s, mu = 100/s: response time is exponential with rate 30/s.
  const auto m = make_model({service("server", 1, {cpu(exp10ms)})}, {open_client(70, 0)},
                            SimTime::from_seconds(100), SimTime::from_seconds(2000));
  check_close(replicate(m, mean_latency_ms), ms(1.0 / 30), 0.03);
  check_close(replicate(m, [](const Result& r) { return r.latency.p90_ms; }),
              ms(std::log(10.0) / 30), 0.03);
  check_close(replicate(m, [](const Result& r) { return r.latency.p99_ms; }),
              ms(std::log(100.0) / 30), 0.05);
  // Utilization is rho = 0.7 and the mean number waiting is rho^2 / (1 - rho).
  check_close(replicate(m, [](const Result& r) { return *r.nodes[0].utilization.cpu; }), 0.7, 0.01);
  check_close(replicate(m, [](const Result& r) { return r.nodes[0].queue_length_mean; }),
              0.49 / 0.3, 0.05);
  // The mean number in the node, measured as a level, is rho / (1 - rho),
  // and Little's law holds at every run.
  check_close(replicate(m,
                        [](const Result& r) {
                          REQUIRE(r.nodes[0].little_law);
                          return r.nodes[0].little_law->mean_in_node;
                        }),
              0.7 / 0.3, 0.05);
  const Result one = simulate(m);
  REQUIRE(one.nodes[0].little_law);
  CHECK(one.nodes[0].little_law->holds);
  const auto& l = *one.nodes[0].little_law;
  CHECK(l.mean_in_node == Approx(l.visits_per_second * l.mean_time_ms / 1000).epsilon(0.001));
}

TEST_CASE("M/M/c: Erlang C waiting on a 4-core server", "[theory]") {
  const int c = 4;
  const double mu = 100, lambda = 320, a = lambda / mu;
  double below = 0;
  for (int k = 0; k < c; ++k) below += std::pow(a, k) / factorial(k);
  const double top = std::pow(a, c) / factorial(c) * c / (c - a);
  const double erlang_c = top / (below + top);
  const double w = erlang_c / (c * mu - lambda) + 1 / mu;
  const auto m = make_model({service("server", c, {cpu(exp10ms)})}, {open_client(lambda, 0)},
                            SimTime::from_seconds(50), SimTime::from_seconds(500));
  check_close(replicate(m, mean_latency_ms), ms(w), 0.03);
}

TEST_CASE("M/D/1 and M/G/1 against Pollaczek-Khinchine", "[theory]") {
  const double lambda = 70, mean_s = 0.010, rho = lambda * mean_s;
  SECTION("deterministic service (M/D/1)") {
    const double wq = rho * mean_s / (2 * (1 - rho));
    const auto m = make_model({service("server", 1, {cpu(Distribution::constant(1e7))})},
                              {open_client(lambda, 0)}, SimTime::from_seconds(100),
                              SimTime::from_seconds(1000));
    check_close(replicate(m, mean_latency_ms), ms(wq + mean_s), 0.03);
  }
  SECTION("uniform(0, 20ms) service (M/G/1)") {
    const double second_moment = 0.020 * 0.020 / 3;  // E[S^2] of uniform(0, b) is b^2 / 3
    const double wq = lambda * second_moment / (2 * (1 - rho));
    const auto m = make_model({service("server", 1, {cpu(Distribution(UniformDist{0, 2e7}))})},
                              {open_client(lambda, 0)}, SimTime::from_seconds(100),
                              SimTime::from_seconds(1000));
    check_close(replicate(m, mean_latency_ms), ms(wq + mean_s), 0.03);
  }
}

TEST_CASE("tandem of two stations (Jackson network)", "[theory]") {
  // web: exp(5ms) on one core, then a synchronous call to db: exp(8ms) on one
  // core. The web core is free during the call, so each station is M/M/1.
  const double lambda = 80;
  const auto m =
      make_model({service("web", 1, {cpu(Distribution(ExponentialDist{5e6})), call(1)}),
                  service("db", 1, {cpu(Distribution(ExponentialDist{8e6}))})},
                 {open_client(lambda, 0)}, SimTime::from_seconds(100), SimTime::from_seconds(1000));
  const double db = 1 / (125 - lambda), web = 1 / (200 - lambda);
  check_close(replicate(m, mean_latency_ms), ms(web + db), 0.03);
  check_close(replicate(m, [](const Result& r) { return r.nodes[1].latency.mean_ms; }), ms(db),
              0.03);
}

TEST_CASE("random split over instances behind a load balancer", "[theory]") {
  // A random split of a Poisson stream gives each of 4 instances a Poisson
  // stream of 70/s: four independent M/M/1 queues with rho = 0.7.
  const auto m =
      make_model({load_balancer("lb", 1, model::BalancingPolicy::random),
                  service("web", 1, {cpu(exp10ms)}, 4)},
                 {open_client(280, 0)}, SimTime::from_seconds(100), SimTime::from_seconds(1000));
  check_close(replicate(m, mean_latency_ms), ms(1.0 / 30), 0.03);
  check_close(replicate(m, [](const Result& r) { return *r.nodes[1].utilization.cpu; }), 0.7, 0.01);
}

TEST_CASE("closed network against exact mean value analysis", "[theory]") {
  // N users with exponential think time Z = 1 s cycle through web (5 ms) and
  // db (8 ms), one core each: a product-form closed network.
  const int users = 100;
  const double z = 1.0, demands[] = {0.005, 0.008};
  double q[2] = {0, 0}, x = 0, r_total = 0;
  for (int n = 1; n <= users; ++n) {
    double r[2];
    r_total = 0;
    for (int k = 0; k < 2; ++k) r_total += (r[k] = demands[k] * (1 + q[k]));
    x = n / (z + r_total);
    for (int k = 0; k < 2; ++k) q[k] = x * r[k];
  }
  model::Client c;
  c.name = "users";
  c.closed_loop = true;
  c.users = users;
  c.think_time = Distribution(ExponentialDist{1e9});
  c.target = 0;
  c.mix = {model::RequestMix{0, 1, 0, 0}};
  const auto m = make_model({service("web", 1, {cpu(Distribution(ExponentialDist{5e6})), call(1)}),
                             service("db", 1, {cpu(Distribution(ExponentialDist{8e6}))})},
                            {c}, SimTime::from_seconds(50), SimTime::from_seconds(1000));
  check_close(replicate(m, [](const Result& r) { return r.throughput_rps; }), x, 0.01);
  check_close(replicate(m, mean_latency_ms), ms(r_total), 0.03);
}

TEST_CASE("loss system (queue_limit 0) against Erlang B", "[theory]") {
  const int c = 4;
  const double a = 3.0;  // offered load in Erlangs: 300/s x 10 ms
  double sum = 0;
  for (int k = 0; k <= c; ++k) sum += std::pow(a, k) / factorial(k);
  const double erlang_b = std::pow(a, c) / factorial(c) / sum;
  auto node = service("server", c, {cpu(exp10ms)});
  node.queue_limit = 0;
  const auto m = make_model({node}, {open_client(300, 0)}, SimTime::from_seconds(20),
                            SimTime::from_seconds(500));
  check_close(replicate(m,
                        [](const Result& r) {
                          return static_cast<double>(r.requests.rejected) /
                                 static_cast<double>(r.requests.generated);
                        }),
              erlang_b, 0.03);
}
