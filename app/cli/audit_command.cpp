// lrscope audit: does the range test's suggestion train as well as a grid search would, and at
// what fraction of its cost? Over one seed or several (--seeds), on the data's test split.
#include "cli/audit_output.h"
#include "cli/audit_runner.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/subcommand.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

namespace lrscope::cli {
namespace {

/// The runs are stored in experiment "audit" unless --experiment says otherwise.
struct AuditCommandArguments {
  AuditArguments audit;
  OutputOptions output{"", "audit"};
};

void runAuditCommand(const AuditCommandArguments& args) {
  const AuditConfigs configs = buildAuditConfigs(args.audit);
  const engine::AuditPlan plan = auditPlanOf(args.audit, configs);
  std::optional<AuditStore> store;
  if (!args.output.noStore)
    store = AuditStore{databasePath(args.output.database), args.output.experiment};
  const InterruptGuard interruptGuard;
  const AuditResult result = runAudit(configs, plan, store, args.output.printsProgress());
  if (args.output.json) {
    std::cout << auditJson(result.record, result.summary).dump(2) << "\n";
  } else {
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
  addOutputOptions(cmd, args->output, "the runs", false);
}

} // namespace lrscope::cli
