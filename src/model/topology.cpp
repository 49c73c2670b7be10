#include "tiersim/model/topology.hpp"

// GCC 12 reports a false maybe-uninitialized inside Boost's edge iterator
// (an optional it reads only when engaged); the pragma covers Boost's text
// only. Clang has no such warning (and would warn about the unknown name).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <fmt/core.h>

namespace tiersim::model {

namespace {

struct EdgeProps {
  std::size_t index = 0;  // position in insertion order
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    EdgeProps>;
using GraphEdge = boost::graph_traits<Graph>::edge_descriptor;

// Records the first back edge and the tree edges that lead to it, which
// together give one cycle.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<std::optional<GraphEdge>>* parent;
  std::optional<GraphEdge>* back;
  void tree_edge(GraphEdge e, const Graph& g) { (*parent)[boost::target(e, g)] = e; }
  void back_edge(GraphEdge e, const Graph&) {
    if (!*back) *back = e;
  }
};

// Text inside a DOT string: quotes and backslashes escaped.
std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

struct Topology::Impl {
  Graph graph;
  std::vector<Vertex> vertices;
  std::vector<Edge> edges;
};

Topology::Topology() : impl_(std::make_unique<Impl>()) {}
Topology::~Topology() = default;
Topology::Topology(const Topology& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Topology& Topology::operator=(const Topology& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;

std::size_t Topology::add_vertex(Vertex v) {
  impl_->vertices.push_back(std::move(v));
  return boost::add_vertex(impl_->graph);
}

void Topology::add_edge(Edge e) {
  boost::add_edge(e.from, e.to, EdgeProps{impl_->edges.size()}, impl_->graph);
  impl_->edges.push_back(e);
}

std::size_t Topology::vertex_count() const {
  return impl_->vertices.size();
}
const Topology::Vertex& Topology::vertex(std::size_t id) const {
  return impl_->vertices.at(id);
}
std::vector<Topology::Edge> Topology::edges() const {
  return impl_->edges;
}

std::vector<Topology::Edge> Topology::find_cycle() const {
  const Graph& g = impl_->graph;
  std::vector<std::optional<GraphEdge>> parent(boost::num_vertices(g));
  std::optional<GraphEdge> back;
  CycleFinder visitor;
  visitor.parent = &parent;
  visitor.back = &back;
  std::vector<boost::default_color_type> colors(boost::num_vertices(g));
  boost::depth_first_search(g, boost::visitor(visitor).color_map(boost::make_iterator_property_map(
                                   colors.begin(), boost::get(boost::vertex_index, g))));
  if (!back) return {};
  // The back edge u -> v closes the cycle v -> ... -> u -> v along tree edges.
  std::vector<Edge> cycle{impl_->edges[g[*back].index]};
  const auto v = boost::target(*back, g);
  for (auto u = boost::source(*back, g); u != v;) {
    const GraphEdge e = *parent[u];
    cycle.push_back(impl_->edges[g[e].index]);
    u = boost::source(e, g);
  }
  std::reverse(cycle.begin(), cycle.end());
  // Start the cycle at its lowest vertex so the message does not depend on
  // where the search happened to enter it.
  auto first = std::min_element(cycle.begin(), cycle.end(),
                                [](const Edge& a, const Edge& b) { return a.from < b.from; });
  std::rotate(cycle.begin(), first, cycle.end());
  return cycle;
}

std::string Topology::to_dot(const std::string& graph_name) const {
  std::string out = fmt::format("digraph \"{}\" {{\n  rankdir=LR;\n", dot_escape(graph_name));
  for (std::size_t i = 0; i < impl_->vertices.size(); ++i) {
    const auto& v = impl_->vertices[i];
    const std::string label =
        dot_escape(v.name) + (v.detail.empty() ? "" : "\\n" + dot_escape(v.detail));
    out += fmt::format("  v{} [label=\"{}\", shape={}];\n", i, label,
                       v.kind == VertexKind::client ? "ellipse" : "box");
  }
  for (const auto& e : impl_->edges) {
    const char* label = e.kind == EdgeKind::sends          ? "sends"
                        : e.kind == EdgeKind::forwards     ? "forwards"
                        : e.kind == EdgeKind::delivers     ? "delivers"
                        : e.kind == EdgeKind::dead_letters ? "dead-letters"
                                                           : "calls";
    out += fmt::format("  v{} -> v{} [label=\"{}\"];\n", e.from, e.to, label);
  }
  out += "}\n";
  return out;
}

}  // namespace tiersim::model
