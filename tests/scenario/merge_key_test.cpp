// YAML merge keys (`<<: *anchor`): a map takes the entries of the maps it
// merges that it does not give itself, so that variants of a client or a
// node can share one definition.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::parse;

TEST_CASE("a merged map's keys fill in what the map does not give", "[scenario]") {
  const ParseOutcome out = parse(R"(name: m
clients:
  a: &client
    rate: 10/s
    target: web
    requests: {page: {}}
  b:
    <<: *client
    rate: 20/s
nodes:
  web: &web
    kind: service
    instances: 2
    handle: {page: [{cpu: 1ms}]}
  api:
    instances: 5
    <<: [{instances: 3, cores_unused: 1}, *web]
)");
  REQUIRE(out.scenario.clients.size() == 2);
  const ast::Client& b = out.scenario.clients[1];
  REQUIRE(b.target);
  CHECK(b.target->value == "web");
  REQUIRE(b.rate_per_second);
  CHECK(b.rate_per_second->value == 20);  // its own key wins
  CHECK(b.rate_per_second->mark.line == 9);
  // A merged entry keeps the place it was written, for messages.
  CHECK(b.target->mark.line == 5);
  REQUIRE(out.scenario.nodes.size() == 2);
  const ast::Node& api = out.scenario.nodes[1];
  CHECK(api.instances->value == 5);  // its own key wins over every merged map
  CHECK(api.kind.value == "service");
  REQUIRE(api.handlers.size() == 1);
  // The first map of the list is merged first; an unknown key in it is
  // reported where it is written.
  CHECK_THAT(out.diagnostics.format(),
             Contains("s.yaml:17:25: error: unknown key 'cores_unused' in node 'api'"));
  CHECK(out.diagnostics.size() == 1);
}

TEST_CASE("a merge of something that is not a map is an error", "[scenario]") {
  CHECK_THAT(parse("name: m\nclients:\n  c:\n    <<: 3\n").diagnostics.format(),
             Contains("s.yaml:4:9: error: expected a map or a list of maps to merge for '<<', "
                      "got '3'"));
  CHECK_THAT(parse("name: m\nclients:\n  c:\n    <<: [{rate: 1/s}, [1]]\n").diagnostics.format(),
             Contains("s.yaml:4:23: error: expected a map to merge into this one ('<<: "
                      "*anchor'), got a list"));
  CHECK_THAT(parse("name: m\nx: &x {rate: 1/s}\nclients:\n  c:\n    <<: *x\n    <<: *x\n")
                 .diagnostics.format(),
             Contains("s.yaml:6:5: error: duplicate key '<<' (first given on line 5); merge "
                      "several maps with one '<<: [*a, *b]'"));
  // Quoted, '<<' is an ordinary key.
  CHECK_THAT(parse("name: m\nclients:\n  c:\n    '<<': {rate: 1/s}\n").diagnostics.format(),
             Contains("s.yaml:4:5: error: unknown key '<<' in client 'c'"));
}

}  // namespace
}  // namespace tiersim
