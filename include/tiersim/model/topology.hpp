// Topology: the scenario's graph of clients and nodes, held in a
// Boost.Graph adjacency_list behind this narrow interface (Boost stays out of
// every header that includes the model).
//
// Vertices are clients and nodes; edges say who sends to whom: a client
// sends to its target, a load balancer forwards to its target, a service's
// handler step calls a node. Vertex and edge ids are dense and in insertion
// order, so iteration order is deterministic.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tiersim::model {

class Topology {
 public:
  enum class VertexKind { client, node };
  // delivers and dead_letters are a queue's, asynchronous.
  enum class EdgeKind { sends, forwards, calls, delivers, dead_letters };

  struct Vertex {
    VertexKind kind = VertexKind::node;
    std::string name;
    std::string detail;  // a second line for diagrams ("service x4, m5.large")
  };
  struct Edge {
    std::size_t from = 0;
    std::size_t to = 0;
    EdgeKind kind = EdgeKind::calls;
    std::size_t tag = 0;  // caller's own reference (e.g. which step made the call)
  };

  Topology();
  ~Topology();
  Topology(const Topology& other);
  Topology& operator=(const Topology& other);
  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;

  std::size_t add_vertex(Vertex v);
  void add_edge(Edge e);

  std::size_t vertex_count() const;
  const Vertex& vertex(std::size_t id) const;
  std::vector<Edge> edges() const;  // in insertion order

  // A cycle of edges (each request waits on the next), as the list of edges
  // that form it in order, or empty when the graph has no cycle. The first
  // cycle found by a depth-first search from vertex 0 upward.
  std::vector<Edge> find_cycle() const;

  // Graphviz DOT text: clients as ellipses, nodes as boxes.
  std::string to_dot(const std::string& graph_name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiersim::model
