// lrscope audit: does the range test's suggestion train as well as a grid search would, and at
// what fraction of its cost? Over one seed or several (--seeds), on the data's test split; or
// one shard of it (--shard I/N), for lrscope merge to put together.
#include "cli/audit_output.h"
#include "cli/audit_runner.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/shard_task.h"
#include "cli/subcommand.h"

#include "lrscope/engine/audit_units.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/storage/stored_audit.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

namespace lrscope::cli {
namespace {

/// The runs are stored in experiment "audit" unless --experiment says otherwise.
struct AuditCommandArguments {
  AuditArguments audit;
  OutputOptions output{"", "audit"};
  std::optional<std::string> shard;
};

/// What a shard ran: its range tests and trainings, one line each, and the merge to run.
void printShardEnd(const AuditResult& result, const ShardTask& task, const OutputOptions& output) {
  const engine::AuditRecord& record = result.record;
  const std::string metric = engine::metricKey(record.plan.metric);
  if (output.json) {
    nlohmann::ordered_json tests = nlohmann::ordered_json::array();
    for (const engine::AuditRangeTest& test : record.rangeTests)
      tests.push_back({{"seed", test.seed},
                       {"lower", jsonNumber(test.lower)},
                       {"upper", jsonNumber(test.upper)},
                       {"run_id", test.runId}});
    nlohmann::ordered_json trainings = nlohmann::ordered_json::array();
    for (const engine::AuditTraining& training : record.trainings)
      trainings.push_back({{"seed", training.seed},
                           {"max_lr", training.maxLr},
                           {metric, jsonNumber(training.metric)},
                           {"suggested", training.suggested},
                           {"run_id", training.runId}});
    const nlohmann::ordered_json out = {{"shard", engine::toString(task.part.shard)},
                                        {"units", task.part.units},
                                        {"total_units", task.part.totalUnits},
                                        {"range_tests", tests},
                                        {"trainings", trainings},
                                        {"run_id", result.runId},
                                        {"db", task.file.string()},
                                        {"merge", shardMergeCommand(task)}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "Shard " << engine::toString(task.part.shard)
            << " of the audit: " << shardUnitsText(task.part, "unit")
            << " (per seed: its range test and suggestion, then each grid point)\n";
  for (const engine::AuditRangeTest& test : record.rangeTests)
    std::cout << "  range test, seed " << test.seed << ": "
              << (std::isfinite(test.upper)
                      ? engine::formatLr(test.lower) + " .. " + engine::formatLr(test.upper)
                      : std::string("no range"))
              << " (run " << test.runId << ")\n";
  for (const engine::AuditTraining& training : record.trainings)
    std::cout << "  max lr " << engine::formatLr(training.maxLr) << ", seed " << training.seed
              << ": " << engine::metricKey(record.plan.metric) << " "
              << engine::formatAuditValue(record.plan.metric, training.metric)
              << (training.suggested ? " (suggested)" : "") << " (run " << training.runId << ")\n";
  std::cout << "stored as audit run " << result.runId << " in " << task.file.string() << "\n"
            << "once every shard has run: " << shardMergeCommand(task) << "\n";
}

void runAuditCommand(const AuditCommandArguments& args) {
  const AuditConfigs configs = buildAuditConfigs(args.audit);
  const engine::AuditPlan plan = auditPlanOf(args.audit, configs);
  std::optional<AuditStore> store;
  std::optional<ShardTask> task;
  if (args.shard) {
    task = shardTaskOf(engine::parseShard(*args.shard), engine::RunKind::Audit,
                       storage::auditConfigJson(plan, configs.training, configs.find),
                       engine::auditUnitCount(plan), args.output);
    if (shardAlreadyEnded(*task, args.output))
      return;
    store = AuditStore{task->file, args.output.experiment, task->part};
  } else if (!args.output.noStore) {
    store = AuditStore{databasePath(args.output.database), args.output.experiment, std::nullopt};
  }
  const InterruptGuard interruptGuard;
  const AuditResult result = runAudit(configs, plan, store, args.output.printsProgress());
  if (task)
    printShardEnd(result, *task, args.output);
  else if (args.output.json)
    std::cout << auditJson(result.record, result.summary).dump(2) << "\n";
  else {
    std::cout << formatAudit(result.record, result.summary);
    if (store)
      std::cout << "stored as audit run " << result.runId << " in experiment \""
                << store->experiment << "\" of " << store->database.string() << "\n";
  }
  std::cout.flush();
}

} // namespace

void addAuditCommand(CLI::App& app) {
  const auto [cmd, args] =
      addSubcommand(app, "audit",
                    "Train with the range test's suggestion and with a grid of peak LRs around it "
                    "(one-cycle, full training set) and compare test accuracy (test loss for "
                    "regression) and cost, over one seed or several",
                    runAuditCommand);
  addAuditOptions(cmd, args->audit);
  cmd->add_option("--shard", args->shard,
                  "run only shard I of N of the audit's units (I/N, from 0; per seed its range "
                  "test with its suggestion, then each grid point), or auto: the task of the "
                  "Slurm job array; stored in DB.shard-I-of-N.db beside --db, for lrscope merge");
  addOutputOptions(cmd, args->output, "the runs", false);
}

} // namespace lrscope::cli
