// InstanceCatalog: named machine types with their cores, memory, network
// bandwidth and on-demand price.
//
// The shipped catalog is data/instances.csv, embedded into the binary at
// build time so that a run never depends on where tiersim is installed. A
// scenario's `instance_types:` section adds to it or replaces entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tiersim/core/units.hpp"

namespace tiersim::model {

struct InstanceType {
  std::string name;
  std::int64_t vcpus = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t network_bps = 0;
  double price_per_hour = 0;
  std::int64_t gpus = 0;
  std::string gpu_type;
  std::string family;
};

class InstanceCatalog {
 public:
  // The catalog shipped with tiersim (data/instances.csv).
  static const InstanceCatalog& builtin();

  // Parses the CSV format of data/instances.csv. Errors name the line.
  static Parsed<InstanceCatalog> parse_csv(std::string_view text, const std::string& source);

  const InstanceType* find(std::string_view name) const;
  std::vector<std::string> names() const;
  // Adds a type, replacing one of the same name.
  void put(InstanceType type);

  const std::vector<InstanceType>& types() const { return types_; }
  const std::string& region() const { return region_; }
  const std::string& prices_as_of() const { return prices_as_of_; }

 private:
  std::vector<InstanceType> types_;
  std::string region_;
  std::string prices_as_of_;
};

}  // namespace tiersim::model
