#include "tiersim/report/comparison.hpp"

#include <catch2/catch.hpp>

using namespace tiersim;

TEST_CASE("the bottleneck is the busiest modeled resource", "[report]") {
  Result r;
  NodeResult lb;
  lb.name = "lb";
  lb.utilization.nic_rx = 0.4;
  NodeResult web;
  web.name = "web";
  web.utilization.cpu = 0.7;
  web.utilization.nic_tx = 0.9;
  r.nodes = {lb, web};
  const auto b = find_bottleneck(r);
  REQUIRE(b);
  CHECK(b->node == "web");
  CHECK(b->resource == "nic_tx");
  CHECK(b->utilization == 0.9);
  CHECK_FALSE(find_bottleneck(Result{}));
}
