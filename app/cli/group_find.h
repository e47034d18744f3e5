#pragma once

#include "lrscope/engine/find_config.h"

#include <string>

// `lrscope find --per-group`: one range test per layer group, the others held at a base LR.
namespace lrscope::cli {

struct GroupFindOutput {
  std::string database; ///< empty: the default database
  bool noStore = false;
  bool json = false;
  bool quiet = false;
};

/// Runs the per-group range test, stores it (a parent run and one child per group), prints a
/// table of the groups' ranges and the `lrscope train` line that uses them, and exits with the
/// parent's status.
void runGroupFind(const engine::FindConfig& config, const GroupFindOutput& output);

} // namespace lrscope::cli
