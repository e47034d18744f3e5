#pragma once

// lrscope sweep --rung R --shard I/N and --promote R: a sweep raced over a cluster, one job
// array per rung and a promote step between them (storage/distributed_sweep.h).
#include "cli/output_options.h"

#include "lrscope/engine/shard.h"
#include "lrscope/engine/sweep_job.h"

namespace lrscope::cli {

/// Trains task `shard`'s share of rung `rung`'s survivors into the task's own file beside the
/// database; a task whose file records its end runs nothing. Exits 130 when stopped.
void runSweepRung(const engine::SweepConfig& config, int rung, engine::Shard shard,
                  const OutputOptions& output);

/// Merges rung `rung`'s task files into the database and halves; prints who goes on and the
/// next command, or the sweep as `lrscope show` prints it when the race is over.
void runSweepPromote(const engine::SweepConfig& config, int rung, const OutputOptions& output);

} // namespace lrscope::cli
