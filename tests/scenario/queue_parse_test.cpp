// Queues, publish and fail steps: parsing, compiling and diagnostics.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Valid as it stands; line numbers in the tests refer to it.
const std::string kBase = R"(name: t
clients:
  users:
    rate: 100/s
    target: web
    requests:
      submit: {}
nodes:
  web:
    kind: service
    handle:
      submit: [{cpu: 1ms}, {publish: {queue: jobs, message_size: 2KB}}]
  jobs:
    kind: queue
    consumers: workers
    concurrency: 4
    capacity: 1000
    visibility_timeout: 10s
    max_receives: 3
    dead_letter: dlq
    persist: 2ms
  dlq:
    kind: queue
    consumers: workers
  workers:
    kind: service
    handle:
      submit: [{cpu: 20ms}, {fail: 0.05}]
)";

TEST_CASE("a queue, its publishers and its consumers compile", "[scenario][queue]") {
  REQUIRE(all_errors(kBase).empty());
  const auto compiled = model::compile(test::parse(kBase).scenario);
  REQUIRE(compiled.diagnostics.empty());
  REQUIRE(compiled.model);
  const model::Model& m = *compiled.model;
  const auto& q = m.nodes[1].queue;
  REQUIRE(q);
  CHECK(q->consumers == 3);
  CHECK(q->concurrency == 4);
  CHECK(q->capacity == 1000);
  CHECK(q->visibility_timeout == SimTime::from_seconds(10));
  CHECK(q->max_receives == 3);
  CHECK(q->dead_letter == model::NodeId{2});
  CHECK(q->persist == SimTime::from_ms(2));
  const auto& publish = std::get<model::CallStep>((*m.nodes[0].handlers[0])[1].action);
  CHECK(publish.node == 1);
  CHECK(publish.request_bytes == 2000);
  const auto& fail = std::get<model::FailStep>((*m.nodes[3].handlers[0])[1].action);
  CHECK(fail.probability == 0.05);
}

TEST_CASE("queue errors name the key, the node and the place", "[scenario][queue]") {
  CHECK_THAT(all_errors(with(kBase, "    consumers: workers\n    concurrency", "    concurrency")),
             Contains("s.yaml:13:3: error: queue 'jobs' has no 'consumers'"));
  CHECK_THAT(all_errors(with(kBase, "    consumers: workers\n    concurrency",
                             "    consumers: web2\n    concurrency")),
             Contains("s.yaml:15:16: error: unknown node 'web2'"));
  CHECK_THAT(all_errors(with(kBase, "dead_letter: dlq", "dead_letter: web")),
             Contains("s.yaml:20:18: error: the dead_letter of queue 'jobs' must be a queue, but "
                      "'web' is a service"));
  CHECK_THAT(all_errors(with(kBase, "{publish: {queue: jobs, message_size: 2KB}}", "{call: jobs}")),
             Contains("s.yaml:12:35: error: 'jobs' is a queue: publish to it ('- publish: jobs') "
                      "instead of calling it"));
  CHECK_THAT(all_errors(with(kBase, "{queue: jobs, message_size: 2KB}", "workers")),
             Contains("s.yaml:12:38: error: 'publish' needs a queue, but 'workers' is a service; "
                      "call it instead"));
  CHECK_THAT(all_errors(with(kBase, "{fail: 0.05}", "{fail: 1.5}")),
             Contains("s.yaml:28:36: error: fail must be between 0 and 1, got 1.5"));
  CHECK_THAT(all_errors(with(kBase, "    concurrency: 4\n", "    concurrency: 0\n")),
             Contains("s.yaml:16:18: error: concurrency must be at least 1, got 0"));
  CHECK_THAT(
      all_errors(with(kBase, "    kind: queue\n    consumers: workers\n    concurrency",
                      "    kind: queue\n    consumers: workers\n    policy: random\n    "
                      "concurrency")),
      Contains("s.yaml:16:13: error: key 'policy' does not apply to a node of kind 'queue'"));
}

TEST_CASE("a cycle through a queue is refused", "[scenario][queue]") {
  const std::string loop =
      with(kBase, "submit: [{cpu: 20ms}, {fail: 0.05}]", "submit: [{cpu: 20ms}, {publish: jobs}]");
  REQUIRE(all_errors(loop).empty());
  const auto compiled = model::compile(test::parse(loop).scenario);
  CHECK_FALSE(compiled.model);
  CHECK_THAT(compiled.diagnostics.format(),
             Contains("error: cycle through queue 'jobs': jobs -> workers -> jobs; every message "
                      "would make another and they would circle forever"));
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

TEST_CASE("a queue's when_full and message_cpu", "[scenario][queue]") {
  const std::string blocking =
      with(kBase, "    persist: 2ms\n",
           "    persist: 2ms\n    when_full: block\n    message_cpu: 1ms\n");
  REQUIRE(all_errors(blocking).empty());
  const auto compiled = model::compile(test::parse(blocking).scenario);
  REQUIRE(compiled.model);
  CHECK(compiled.model->nodes[1].queue->block_when_full);
  CHECK(compiled.model->nodes[1].queue->message_cpu.mean() == 1e6);
  CHECK_THAT(
      all_errors(with(kBase, "    persist: 2ms\n", "    persist: 2ms\n    when_full: wait\n")),
      Contains("s.yaml:22:16: error: unknown when_full 'wait'; expected reject or block"));
  CHECK_THAT(all_errors(with(with(kBase, "    capacity: 1000\n", ""), "    persist: 2ms\n",
                             "    persist: 2ms\n    when_full: block\n")),
             Contains("s.yaml:21:16: error: queue 'jobs' blocks when full but has no 'capacity'"));
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

TEST_CASE("a queue's ordering", "[scenario][queue]") {
  const std::string fifo =
      with(kBase, "    persist: 2ms\n", "    persist: 2ms\n    ordering: fifo\n");
  const auto compiled = model::compile(test::parse(fifo).scenario);
  REQUIRE(compiled.model);
  CHECK(compiled.model->nodes[1].queue->fifo);
  CHECK_THAT(
      all_errors(with(kBase, "    persist: 2ms\n", "    persist: 2ms\n    ordering: fifoo\n")),
      Contains("s.yaml:22:15: error: unknown ordering 'fifoo' (did you mean 'fifo'?); "
               "expected standard or fifo"));
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

TEST_CASE("how a queue's consumers receive, and what its calls cost", "[scenario][queue]") {
  const std::string defaults = kBase;
  const auto plain = model::compile(test::parse(defaults).scenario);
  REQUIRE(plain.model);
  CHECK(plain.model->nodes[1].queue->receive_batch == 1);
  CHECK(plain.model->nodes[1].queue->receive_wait == SimTime::from_seconds(20));
  CHECK(plain.model->nodes[1].queue->price_per_million_requests == 0);
  const std::string shorts =
      with(kBase, "    persist: 2ms\n",
           "    persist: 2ms\n    receive_batch: 10\n    receive_wait: 0s\n    poll_interval: "
           "250ms\n    price_per_million_requests: 0.40\n");
  REQUIRE(all_errors(shorts).empty());
  const auto compiled = model::compile(test::parse(shorts).scenario);
  REQUIRE(compiled.model);
  const model::QueueSpec& q = *compiled.model->nodes[1].queue;
  CHECK(q.receive_batch == 10);
  CHECK(q.receive_wait == SimTime::zero());
  CHECK(q.poll_interval == SimTime::from_ms(250));
  CHECK(q.price_per_million_requests == 0.40);
}

TEST_CASE("receive errors name the key and the place", "[scenario][queue]") {
  const auto adding = [](const std::string& keys) {
    return all_errors(with(kBase, "    persist: 2ms\n", "    persist: 2ms\n" + keys));
  };
  CHECK_THAT(adding("    receive_batch: 0\n"),
             Contains("s.yaml:22:20: error: receive_batch must be between 1 and 10000, got 0"));
  CHECK_THAT(adding("    receive_wait: -1s\n"),
             Contains("s.yaml:22:19: error: '-1s' is negative; expected a duration"));
  CHECK_THAT(adding("    receive_wait: 0s\n    poll_interval: 0s\n"),
             Contains("s.yaml:23:20: error: poll_interval must be above zero"));
  CHECK_THAT(adding("    poll_interval: 1s\n"),
             Contains("s.yaml:22:20: error: queue 'jobs' has a poll_interval but long polling "
                      "(receive_wait 20s by default); poll_interval is the pause between short "
                      "polls: give 'receive_wait: 0s' or drop it"));
  CHECK_THAT(adding("    price_per_million_requests: -0.4\n"),
             Contains("s.yaml:22:33: error: price_per_million_requests must not be negative"));
  CHECK_THAT(all_errors(with(with(kBase, "    concurrency: 4\n", "    concurrency: 400000\n"),
                             "  workers:\n    kind: service\n",
                             "  workers:\n    kind: service\n    instances: 3\n")),
             Contains("s.yaml:16:18: error: queue 'jobs' would have more than 1000000 consumer "
                      "slots (concurrency 400000 x 3 instances of 'workers'), the most allowed"));
  CHECK_THAT(all_errors(with(kBase, "    kind: service\n    handle:\n      submit: [{cpu: 1ms}",
                             "    kind: service\n    receive_batch: 2\n    handle:\n      "
                             "submit: [{cpu: 1ms}")),
             Contains("s.yaml:11:20: error: key 'receive_batch' does not apply to a node of kind "
                      "'service'"));
}

}  // namespace
}  // namespace tiersim
