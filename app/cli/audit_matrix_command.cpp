// lrscope audit-matrix SPEC: a fixed-grid audit per data set x model x optimizer of the spec,
// stored in the database; a cell that finished is read back instead of run again, so a matrix
// stopped anywhere resumes where it was. Every suggestion rule, and each version of LR Scope's
// range rule, is scored on every cell, and each rule's record is tallied per optimizer.
#include "cli/audit_runner.h"
#include "cli/commands.h"
#include "cli/matrix_output.h"
#include "cli/matrix_spec.h"
#include "cli/output_options.h"
#include "cli/subcommand.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/shard.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/stored_audit.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;

struct MatrixArguments {
  std::string spec;
  std::string database;
  std::string experiment = "audit-matrix";
  std::string csv;
  std::string records;
  std::optional<std::string> shard;
  bool json = false;
  bool quiet = false;
};

/// The name each version of LR Scope's range rule is scored under: "lrscope_range_v2".
std::string rangeRuleName(int version) {
  return "lrscope_range_v" + std::to_string(version);
}

/// Adds to each range test of the audit the upper bound of every version of LR Scope's range
/// rule, found again on its stored curve, so that each version is scored on the grid as the
/// other rules are.
void addRangeRuleVersions(const storage::RunDatabase& database, engine::AuditRecord& record) {
  for (engine::AuditRangeTest& test : record.rangeTests) {
    engine::RangeTestResult stored;
    stored.steps = database.loadSteps(test.runId);
    const engine::LrCurve curve = stored.curve();
    for (const int version : engine::LrRangeRule::versions()) {
      const engine::LrRangeResult range = engine::LrRangeRule::apply(curve, version);
      if (range.range)
        test.suggestions.push_back(
            {rangeRuleName(version), version, range.range->upper, std::nan(""), 0});
    }
  }
}

engine::MatrixCellResult cellResult(const storage::RunDatabase& database,
                                    const engine::MatrixCell& cell, int64_t auditRunId) {
  storage::AuditRun audit = storage::loadAudit(database, auditRunId);
  addRangeRuleVersions(database, audit.record);
  engine::MatrixCellResult result =
      engine::matrixCellResult(cell, audit.record, engine::summarizeAudit(audit.record));
  result.auditRunId = auditRunId;
  return result;
}

/// The completed audit stored in the experiment with exactly this cell's config, if there is one.
std::optional<int64_t> finishedCell(const storage::RunDatabase& database,
                                    const MatrixCellPlan& cell, const std::string& experiment) {
  const std::string config =
      storage::auditConfigJson(cell.plan, cell.configs.training, cell.configs.find);
  storage::RunFilter filter;
  filter.kind = engine::RunKind::Audit;
  filter.status = engine::StoredStatus::Completed;
  filter.experiment = experiment;
  for (const storage::RunSummary& run : database.listRuns(filter))
    if (database.loadRun(run.id).configJson == config)
      return run.id;
  return std::nullopt;
}

void runAuditMatrix(const MatrixArguments& args) {
  const fs::path specFile(args.spec);
  const MatrixSpec spec = readMatrixSpec(specFile);
  const std::vector<MatrixCellPlan> cells = planMatrix(spec, specFile.parent_path());
  // A shard runs its block of the cells into a file of its own, for lrscope merge; the merged
  // database then resumes every cell, and prints the whole table, without running any.
  const std::optional<engine::Shard> shard =
      args.shard ? std::optional(engine::parseShard(*args.shard)) : std::nullopt;
  const std::vector<int> mine =
      engine::shardUnits(shard.value_or(engine::Shard{}), static_cast<int>(cells.size()));
  const fs::path databaseFile =
      shard ? storage::shardDatabasePath(databasePath(args.database), *shard)
            : databasePath(args.database);
  if (args.shard && (!args.csv.empty() || !args.records.empty()))
    throw engine::InputError("--csv and --records write the whole matrix: run them once the "
                             "shards are merged (lrscope audit-matrix SPEC --db MERGED --csv ...)");
  // Refused now rather than after the cells ran: a database, the spec or a data set.
  for (const std::string* output : {&args.csv, &args.records}) {
    if (output->empty())
      continue;
    engine::refuseUnsafeOutput(*output);
    if (fs::weakly_canonical(*output) == fs::weakly_canonical(databaseFile))
      throw engine::InputError(*output + " is the database the cells are stored in; write the "
                                         "table to another file");
  }
  const bool progress = !args.quiet && !args.json;
  const storage::RunDatabase database(databaseFile, storage::RunDatabase::Access::ReadWrite,
                                      shard ? storage::RunDatabase::Journal::Rollback
                                            : storage::RunDatabase::Journal::Wal);
  if (shard && progress)
    std::fprintf(stderr, "shard %s: %zu of the %zu cells, stored in %s\n",
                 engine::toString(*shard).c_str(), mine.size(), cells.size(),
                 databaseFile.string().c_str());
  const InterruptGuard interruptGuard;
  const auto start = std::chrono::steady_clock::now();
  std::vector<engine::MatrixCellResult> results;
  for (const int unit : mine) {
    const auto i = static_cast<std::size_t>(unit);
    const MatrixCellPlan& cell = cells[i];
    const std::string name = engine::cellName(cell.cell);
    if (const std::optional<int64_t> finished = finishedCell(database, cell, args.experiment)) {
      if (progress)
        std::fprintf(stderr, "cell %zu/%zu %s: finished before (audit run %lld)\n", i + 1,
                     cells.size(), name.c_str(), static_cast<long long>(*finished));
      results.push_back(cellResult(database, cell.cell, *finished));
      results.back().resumed = true;
      continue;
    }
    if (progress)
      std::fprintf(stderr, "cell %zu/%zu %s\n", i + 1, cells.size(), name.c_str());
    try {
      const AuditResult audit =
          runAudit(cell.configs, cell.plan, AuditStore{databaseFile, args.experiment, std::nullopt},
                   progress);
      results.push_back(cellResult(database, cell.cell, audit.runId));
    } catch (const CLI::RuntimeError&) {
      throw; // Ctrl+C: the cell is stored as cancelled, and a rerun resumes from it
    } catch (const std::exception& error) {
      std::fprintf(stderr, "lrscope: warning: cell %s failed: %s\n", name.c_str(), error.what());
      engine::MatrixCellResult failed;
      failed.cell = cell.cell;
      failed.message = error.what();
      results.push_back(std::move(failed));
    }
  }
  if (!args.csv.empty())
    engine::writeFileAtomically(args.csv, [&](std::ostream& out) { out << matrixCsv(results); });
  if (!args.records.empty())
    engine::writeFileAtomically(
        args.records, [&](std::ostream& out) { out << ruleRecordsJson(results).dump(2) << "\n"; });
  if (args.json)
    std::cout << matrixJson(results).dump(2) << "\n";
  else
    std::cout << formatMatrix(results) << "this run took "
              << std::lround(std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                                 .count())
              << " s; the cells are stored in experiment \"" << args.experiment << "\" of "
              << databaseFile.string() << "\n";
  std::cout.flush();
}

} // namespace

void addAuditMatrixCommand(CLI::App& app) {
  const auto [cmd, args] = addSubcommand(
      app, "audit-matrix",
      "Audit every data set x model x optimizer of a spec on a fixed grid over several seeds, "
      "score every suggestion rule on each cell, and tally each rule's record per optimizer; "
      "cells stored before are read back, not run again",
      runAuditMatrix);
  cmd->add_option("spec", args->spec,
                  "the matrix as JSON: {\"seeds\": 3, \"optimizers\": [\"sgd\", \"adamw "
                  "--weight-decay 0.01\"], \"models\": [\"mlp\"], \"data\": [{\"name\": "
                  "\"fashion-mnist\", \"flags\": \"--data fashion-mnist --epochs 5\"}]}")
      ->required()
      ->check(CLI::ExistingFile);
  addDatabaseOption(cmd, args->database, "database that keeps the cells' audits");
  cmd->add_option("--experiment", args->experiment, "experiment the cells' audits are stored in")
      ->capture_default_str();
  cmd->add_option("--csv", args->csv, "also write a row per cell and rule to this CSV file");
  cmd->add_option("--records", args->records,
                  "also write each rule's record per optimizer to this JSON file (the "
                  "records the app shows come from such a file)");
  cmd->add_option("--shard", args->shard,
                  "run only shard I of N of the cells (I/N, from 0), or auto: the task of the "
                  "Slurm job array; stored in DB.shard-I-of-N.db beside --db. After lrscope "
                  "merge, the matrix on the merged database prints every cell, running none");
  cmd->add_flag("--json", args->json, "print the cells and records as JSON");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress lines");
}

} // namespace lrscope::cli
