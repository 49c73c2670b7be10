#include "shape_parser.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace tiersim::scenario_parse {

namespace {

const KeySet kShapeKinds = {"step", "spike", "ramp", "bursts", "daily", "deadline"};

// The keys each kind takes.
const KeySet& keys_of(const std::string& kind) {
  static const KeySet kStep = {"at", "rate"};
  static const KeySet kSpike = {"at", "length", "rate"};
  static const KeySet kRamp = {"from", "to", "rate"};
  static const KeySet kBursts = {"every", "length", "rate", "first"};
  static const KeySet kDaily = {"rate", "period", "peak_at"};
  static const KeySet kDeadline = {"at", "rate", "half_life"};
  if (kind == "step") return kStep;
  if (kind == "spike") return kSpike;
  if (kind == "ramp") return kRamp;
  if (kind == "bursts") return kBursts;
  if (kind == "daily") return kDaily;
  return kDeadline;
}

void parse_item(YamlReader& r, const Entry& e, std::string_view client,
                std::vector<ast::ShapeItem>& out) {
  if (std::find(kShapeKinds.begin(), kShapeKinds.end(), e.key) == kShapeKinds.end()) {
    r.unknown_key(e, kShapeKinds, fmt::format(" in the shape of client '{}'", client));
    return;
  }
  ast::ShapeItem item;
  item.kind = {e.key, r.mark(e.key_node)};
  item.mark = r.mark(e.value);
  const std::string where = fmt::format(" in the {} of client '{}'", e.key, client);
  const KeySet& known = keys_of(e.key);
  for (const Entry& p : r.map_entries(e, fmt::format("a map of the {}'s keys", e.key),
                                      fmt::format(" in the shape of client '{}'", client))) {
    const SpoiltKeyWatch watch(r, p, item.spoilt_keys);
    if (std::find(known.begin(), known.end(), p.key) == known.end()) {
      watch.meant(r.unknown_key(p, known, where));
      continue;
    }
    if (p.key == "rate")
      item.rate = r.rate(p, where);
    else if (p.key == "at")
      item.at_ns = r.duration(p, where);
    else if (p.key == "length")
      item.length_ns = r.duration(p, where);
    else if (p.key == "from")
      item.from_ns = r.duration(p, where);
    else if (p.key == "to")
      item.to_ns = r.duration(p, where);
    else if (p.key == "every")
      item.every_ns = r.duration(p, where);
    else if (p.key == "first")
      item.first_ns = r.duration(p, where);
    else if (p.key == "period")
      item.period_ns = r.duration(p, where);
    else if (p.key == "peak_at")
      item.peak_at_ns = r.duration(p, where);
    else if (p.key == "half_life")
      item.half_life_ns = r.duration(p, where);
  }
  out.push_back(std::move(item));
}

}  // namespace

std::vector<ast::ShapeItem> parse_shape(YamlReader& r, const Entry& entry,
                                        std::string_view client) {
  std::vector<ast::ShapeItem> items;
  const std::string where = fmt::format(" in client '{}'", client);
  if (entry.value.IsMap()) {
    for (const Entry& e : r.entries(entry.value)) parse_item(r, e, client, items);
    return items;
  }
  const std::string expected =
      "a list of crowds (e.g. '- spike: {at: 10m, length: 2m, rate: 900/s}')";
  const std::vector<YAML::Node> list = r.list_items(entry, expected, where);
  for (const YAML::Node& node : list) {
    if (!node.IsMap() || node.size() != 1) {
      r.error(
          r.mark(node),
          fmt::format("expected a map with one key, the kind of crowd (step, spike, ramp, "
                      "bursts, daily or deadline), for each item of the shape of client "
                      "'{}', got {}",
                      client, node.IsMap() ? fmt::format("{} keys", node.size()) : describe(node)));
      continue;
    }
    for (const Entry& e : r.entries(node)) parse_item(r, e, client, items);
  }
  return items;
}

}  // namespace tiersim::scenario_parse
