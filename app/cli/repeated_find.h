#pragma once

#include "cli/output_options.h"

#include "lrscope/engine/find_config.h"

// `lrscope find --repeats K`: K range tests that differ only in the seed, with a band, every
// rule's spread and a verdict.
namespace lrscope::cli {

/// Runs config.repeats.count repeats, `jobs` side by side, stores them (a parent run and one
/// child per repeat), prints the spreads and the verdict, and exits with the parent's status.
void runRepeatedFind(const engine::FindConfig& config, int jobs, const OutputOptions& output);

/// Cores of this machine, at least 1: the default of --jobs (capped at the repeats).
[[nodiscard]] int defaultJobs();

} // namespace lrscope::cli
