#include "tiersim/report/json_report.hpp"

#include "json_number.hpp"

namespace tiersim {

namespace {

using report_json::Json;
using report_json::number;

Json optional_number(const std::optional<double>& x) {
  return x ? number(*x) : Json(nullptr);
}

Json latency(const LatencySummary& l) {
  Json j;
  j["mean"] = number(l.mean_ms);
  j["p50"] = number(l.p50_ms);
  j["p90"] = number(l.p90_ms);
  j["p95"] = number(l.p95_ms);
  j["p99"] = number(l.p99_ms);
  j["p999"] = number(l.p999_ms);
  j["max"] = number(l.max_ms);
  j["count"] = l.count;
  return j;
}

Json counts(const RequestCounts& c) {
  Json j;
  j["generated"] = c.generated;
  j["completed"] = c.completed;
  j["rejected"] = c.rejected;
  j["failed"] = c.failed;
  j["timed_out"] = c.timed_out;
  j["in_flight"] = c.in_flight;
  j["retries"] = c.retries;
  j["attempts_timed_out"] = c.attempts_timed_out;
  j["rate_limited"] = c.rate_limited;
  j["short_circuited"] = c.short_circuited;
  return j;
}

Json utilization(const Utilization& u) {
  Json j;
  j["cpu"] = optional_number(u.cpu);
  j["memory"] = optional_number(u.memory);
  j["nic_tx"] = optional_number(u.nic_tx);
  j["nic_rx"] = optional_number(u.nic_rx);
  j["iops"] = optional_number(u.iops);
  j["gpu"] = optional_number(u.gpu);
  return j;
}

Json balance(const std::optional<InstanceBalance>& b) {
  if (!b) return nullptr;
  Json j;
  j["requests"] = b->requests;
  Json cpu = Json::array();
  for (const double x : b->cpu) cpu.push_back(number(x));
  j["cpu"] = cpu;
  j["requests_max_over_mean"] = number(b->requests_max_over_mean);
  j["requests_cv"] = number(b->requests_cv);
  j["cpu_max_over_mean"] = optional_number(b->cpu_max_over_mean);
  j["cpu_cv"] = optional_number(b->cpu_cv);
  return j;
}

Json sessions(const std::optional<SessionCounts>& s) {
  if (!s) return nullptr;
  Json j;
  j["created"] = s->created;
  j["found"] = s->found;
  j["misses"] = s->misses;
  j["miss_ratio"] = optional_number(s->miss_ratio);
  j["lost"] = s->lost;
  j["expired"] = s->expired;
  j["evicted"] = s->evicted;
  return j;
}

Json queue(const std::optional<QueueResult>& q) {
  if (!q) return nullptr;
  Json j;
  j["published"] = q->published;
  j["rejected"] = q->rejected;
  j["delivered"] = q->delivered;
  j["waited"] = q->waited;
  j["redelivered"] = q->redelivered;
  j["completed"] = q->completed;
  j["duplicates"] = q->duplicates;
  j["dead_lettered"] = q->dead_lettered;
  j["depth_mean"] = number(q->depth_mean);
  j["depth_max"] = q->depth_max;
  j["oldest_age_max_s"] = number(q->oldest_age_max_s);
  j["receives"] = q->receives;
  j["empty_receives"] = q->empty_receives;
  j["deletes"] = q->deletes;
  j["requests"] = q->requests;
  j["job_latency_ms"] = latency(q->job_latency);
  return j;
}

Json little_law(const std::optional<LittleLawCheck>& l) {
  if (!l) return nullptr;
  Json j;
  j["mean_in_node"] = number(l->mean_in_node);
  j["visits_per_second"] = number(l->visits_per_second);
  j["mean_time_ms"] = number(l->mean_time_ms);
  j["window_edge"] = number(l->window_edge);
  j["holds"] = l->holds;
  return j;
}

Json balancer(const std::optional<BalancerCounts>& b) {
  if (!b) return nullptr;
  Json j;
  j["connections_opened"] = b->connections_opened;
  j["failed_at_down_backend"] = b->failed_at_down_backend;
  j["gb_processed"] = number(b->gb_processed);
  return j;
}

}  // namespace

std::string to_json(const Result& r) {
  Json j;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["duration_s"] = number(r.duration_s);
  j["warmup_s"] = number(r.warmup_s);
  j["requests"] = counts(r.requests);
  j["throughput_rps"] = number(r.throughput_rps);
  j["latency_ms"] = latency(r.latency);

  Json classes = Json::object();
  for (const auto& c : r.classes) {
    Json cj;
    cj["completed"] = c.completed;
    cj["throughput_rps"] = number(c.throughput_rps);
    cj["latency_ms"] = latency(c.latency);
    classes[c.name] = cj;
  }
  j["classes"] = classes;

  Json clients = Json::object();
  for (const auto& c : r.clients) {
    Json cj;
    cj["requests"] = counts(c.requests);
    cj["throughput_rps"] = number(c.throughput_rps);
    cj["latency_ms"] = latency(c.latency);
    cj["breaker_opened"] = c.breaker_opened ? Json(*c.breaker_opened) : Json(nullptr);
    clients[c.name] = cj;
  }
  j["clients"] = clients;

  Json nodes = Json::object();
  for (const auto& n : r.nodes) {
    Json nj;
    nj["kind"] = n.kind;
    nj["instances"] = n.instances;
    nj["instance_type"] = n.instance_type.empty() ? Json(nullptr) : Json(n.instance_type);
    nj["cores"] = n.cores;
    nj["completed"] = n.completed;
    nj["throughput_rps"] = number(n.throughput_rps);
    nj["latency_ms"] = latency(n.latency);
    nj["utilization"] = utilization(n.utilization);
    nj["queue_length_mean"] = number(n.queue_length_mean);
    nj["rejected"] = n.rejected;
    nj["rate_limited"] = n.rate_limited ? Json(*n.rate_limited) : Json(nullptr);
    nj["failed"] = n.failed;
    nj["cost_per_hour_usd"] = number(n.cost_per_hour_usd);
    nj["balance"] = balance(n.balance);
    nj["sessions"] = sessions(n.sessions);
    nj["balancer"] = balancer(n.balancer);
    nj["queue"] = queue(n.queue);
    nj["little_law"] = little_law(n.little_law);
    nodes[n.name] = nj;
  }
  j["nodes"] = nodes;

  Json cost;
  cost["per_hour_usd"] = number(r.cost.per_hour_usd);
  cost["per_month_usd"] = number(r.cost.per_month_usd);
  cost["per_million_requests_usd"] = optional_number(r.cost.per_million_requests_usd);
  cost["hours_per_month"] = number(r.cost.hours_per_month);
  cost["prices"] = r.cost.prices.empty() ? Json(nullptr) : Json(r.cost.prices);
  Json by_node = Json::object();
  for (const auto& n : r.cost.by_node) {
    Json nj;
    nj["per_hour_usd"] = number(n.per_hour_usd);
    nj["per_month_usd"] = number(n.per_month_usd);
    by_node[n.name] = nj;
  }
  cost["by_node"] = by_node;
  j["cost"] = cost;

  if (r.slo) {
    Json slo;
    slo["target"] = number(r.slo->target);
    slo["latency_ms"] = optional_number(r.slo->latency_ms);
    slo["good"] = r.slo->good;
    slo["bad"] = r.slo->bad;
    slo["achieved"] = optional_number(r.slo->achieved);
    slo["error_budget_burned"] = optional_number(r.slo->budget_burned);
    slo["met"] = r.slo->met;
    j["slo"] = slo;
  } else {
    j["slo"] = nullptr;
  }

  Json events = Json::array();
  for (const auto& e : r.instance_events) {
    Json ej;
    ej["time_s"] = number(e.time_s);
    ej["node"] = e.node;
    ej["instance"] = e.instance;
    ej["event"] = e.event;
    ej["by"] = e.by.empty() ? Json(nullptr) : Json(e.by);
    events.push_back(ej);
  }
  j["instance_events"] = events;

  j["warnings"] = r.warnings;
  Json run;
  run["events"] = r.events;
  run["stopped"] = r.stopped ? Json(*r.stopped) : Json(nullptr);
  run["partial"] = r.stopped.has_value();
  j["run"] = run;
  return j.dump(2) + "\n";
}

}  // namespace tiersim
