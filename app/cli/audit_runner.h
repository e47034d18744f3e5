#pragma once

// One audit run from start to end: its range test and trainings for every seed, stored as one
// parent run of kind audit with its children. `lrscope audit` runs one; `lrscope audit-matrix`
// runs one per cell of its matrix.
#include "cli/run_options.h"

#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/sharded_runs.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace lrscope::cli {

/// The flags of an audit (TrainConfig's epochs and batch size by default).
struct AuditArguments {
  SetupArguments setup;
  int epochs = engine::TrainConfig{}.epochs;
  int batchSize = engine::TrainConfig{}.batchSize;
  std::string grid = "centred";
  std::optional<int> gridPoints; ///< a centred grid's; 7 unless given
  int seeds = 1;
};

/// What an audit runs: the trainings' config (all of it but the schedule, which each training
/// sets) and the range tests'.
struct AuditConfigs {
  engine::TrainConfig training;
  engine::FindConfig find;
};

/// Registers the audit's flags: the setup's, --epochs, --batch-size, --grid, --grid-points and
/// --seeds.
void addAuditOptions(CLI::App* cmd, AuditArguments& args);

/// The training config (TrainConfig's defaults: the whole training part, 5000 held out) from the
/// flags, and the range test's: FindConfig's defaults with the same data, model, optimizer, seed
/// and batch size (and the validation size, when --validation is given). Throws InputError.
[[nodiscard]] AuditConfigs buildAuditConfigs(const AuditArguments& args);

[[nodiscard]] engine::AuditPlan auditPlanOf(const AuditArguments& args,
                                            const AuditConfigs& configs);

/// Where an audit stores its runs: all of them, or a shard's share (in the shard's own file).
struct AuditStore {
  std::filesystem::path database;
  std::string experiment;
  std::optional<storage::ShardPart> shard;
};

struct AuditResult {
  engine::AuditRecord record;   ///< a shard's: its own share
  engine::AuditSummary summary; ///< none (seeds 0) for a shard
  int64_t runId = 0;            ///< the parent's; 0 when nothing was stored
};

/// Runs the audit, or a shard's units of it (storing it in `store` when given; progress on
/// stderr when asked). Ctrl+C (an
/// InterruptGuard must live) stores the parent as cancelled and throws CLI::RuntimeError(130);
/// anything else that stops it stores the parent as failed with the reason and is rethrown.
[[nodiscard]] AuditResult runAudit(const AuditConfigs& configs, const engine::AuditPlan& plan,
                                   const std::optional<AuditStore>& store, bool printProgress);

} // namespace lrscope::cli
