#pragma once

#include "cli/output_options.h"

#include "lrscope/engine/find_config.h"

// `lrscope find --per-group`: one range test per layer group, the others held at a base LR.
namespace lrscope::cli {

/// Runs the per-group range test, stores it (a parent run and one child per group), prints a
/// table of the groups' ranges and the `lrscope train` line that uses them, and exits with the
/// parent's status.
void runGroupFind(const engine::FindConfig& config, const OutputOptions& output);

} // namespace lrscope::cli
