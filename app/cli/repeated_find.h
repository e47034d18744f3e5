#pragma once

#include "cli/output_options.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/shard.h"

#include <optional>

// `lrscope find --repeats K`: K range tests that differ only in the seed, with a band, every
// rule's spread and a verdict.
namespace lrscope::cli {

/// Runs config.repeats.count repeats, `jobs` side by side, stores them (a parent run and one
/// child per repeat), prints the spreads and the verdict, and exits with the parent's status.
/// With a shard, only its share of the repeats runs, stored in the shard's own database file
/// beside the database given (runs.shard-I-of-N.db), which `lrscope merge` brings back together;
/// a shard that already ended there is not run again.
void runRepeatedFind(const engine::FindConfig& config, int jobs, const OutputOptions& output,
                     const std::optional<engine::Shard>& shard = std::nullopt);

/// Cores of this machine, at least 1: the default of --jobs (capped at the repeats).
[[nodiscard]] int defaultJobs();

} // namespace lrscope::cli
