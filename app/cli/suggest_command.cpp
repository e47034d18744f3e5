#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_report.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/storage/run_database.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

struct SuggestArguments {
  std::string curveFile;
  std::optional<int64_t> runId;
  std::string database;
  std::optional<double> smooth; ///< given: the losses are raw, smoothed with this beta
  int rangeRule = engine::LrRangeRule::kVersion;
  bool save = false;
  bool json = false;
};

/// The curve of a stored range test or imported curve: its LRs, smoothed and raw losses. Refuses
/// `save` on an audit's range test.
engine::LrCurve storedCurve(const storage::RunDatabase& database, int64_t runId, bool save) {
  const storage::RunDetails run = database.loadRun(runId);
  if (engine::hasChildRuns(run.summary.kind))
    throw engine::InputError("run " + std::to_string(runId) + " is a " +
                             std::string(engine::toString(run.summary.kind)) +
                             " run, whose curves are its child runs'; give one of them");
  if (run.summary.kind != engine::RunKind::RangeTest &&
      run.summary.kind != engine::RunKind::Imported)
    throw engine::InputError("run " + std::to_string(runId) + " is a " +
                             std::string(engine::toString(run.summary.kind)) +
                             " run; suggestions are found on a range test or an imported curve");
  if (save && run.parentRunId &&
      database.loadRun(*run.parentRunId).summary.kind == engine::RunKind::Audit)
    throw engine::InputError(
        "run " + std::to_string(runId) + " is a range test of audit run " +
        std::to_string(*run.parentRunId) +
        ", whose trainings were chosen by its range as found; --save would "
        "lose which training was the suggestion (leave --save out to compare)");
  engine::RangeTestResult result;
  result.steps = database.loadSteps(runId);
  if (result.steps.empty())
    throw engine::InputError("run " + std::to_string(runId) + " recorded no steps");
  return result.curve();
}

void runSuggest(const SuggestArguments& args) {
  if (args.curveFile.empty() == !args.runId.has_value())
    throw engine::InputError("give either --curve FILE or --run ID (a stored run)");
  if (args.save && !args.runId)
    throw engine::InputError("--save stores the suggestions with a stored run: give --run ID");
  if (args.runId && args.smooth)
    throw engine::InputError("--smooth is for a curve file; a stored run has its smoothed losses");
  std::optional<storage::RunDatabase> database;
  engine::LrCurve curve;
  std::string source;
  if (args.runId) {
    database.emplace(databasePath(args.database), args.save
                                                      ? storage::RunDatabase::Access::ReadWrite
                                                      : storage::RunDatabase::Access::ReadOnly);
    curve = storedCurve(*database, *args.runId, args.save);
    source = "Run " + std::to_string(*args.runId);
  } else {
    curve = engine::readCurveFile(args.curveFile);
    source = "Curve " + engine::printable(args.curveFile);
  }
  if (args.smooth) {
    // The file holds raw per-step losses: smooth them as a range test would.
    curve.rawLosses = curve.losses;
    curve.losses = engine::LossSmoother::smooth(curve.rawLosses, *args.smooth);
  }
  const std::vector<engine::Suggestion> suggestions = engine::suggestAll(curve);
  const engine::LrRangeResult range = engine::LrRangeRule::apply(curve, args.rangeRule);
  if (args.save)
    database->saveSuggestions(*args.runId, suggestions, range.range);
  if (args.json) {
    nlohmann::json out = engine::suggestionsToJson(suggestions, range);
    if (args.runId)
      out["run_id"] = *args.runId;
    else
      out["curve"] = {{"file", engine::utf8Escaped(args.curveFile)}, {"points", curve.lrs.size()}};
    out["saved"] = args.save;
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << source << ": " << curve.lrs.size() << " points, lr " << formatLr(curve.lrs.front())
              << " .. " << formatLr(curve.lrs.back()) << "\n\n"
              << formatSuggestions(suggestions, range);
    if (args.save)
      std::cout << "\nsaved with run " << *args.runId
                << " (a range picked by hand stays picked; its automatic range is replaced)\n";
  }
}

} // namespace

void addSuggestCommand(CLI::App& app) {
  const auto [cmd, args] = addSubcommand(
      app, "suggest",
      "Apply every suggestion rule and the range rule to a curve recorded by any tool, or find "
      "a stored run's suggestions and range again (with another version of the range rule)",
      runSuggest);
  cmd->add_option("--curve", args->curveFile,
                  "a curve: CSV with lr and loss columns (optional raw_loss), a fastai "
                  "recorder's CSV (lrs, losses), pytorch-lr-finder's history JSON, or an LR "
                  "Scope run export (.json)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--run", args->runId,
                  "a stored run instead of a curve file: its suggestions and range found again "
                  "from its recorded steps");
  addDatabaseOption(cmd, args->database, "database of --run");
  cmd->add_option("--range-rule", args->rangeRule,
                  "the version of LR Scope's range rule (" +
                      std::to_string(engine::LrRangeRule::kVersion) + " by default)")
      ->check(CLI::IsMember(engine::LrRangeRule::versions()))
      ->capture_default_str();
  cmd->add_flag("--save", args->save,
                "store what is found with --run: its suggestions and automatic range replace "
                "the stored ones (a range picked by hand stays picked)");
  cmd->add_option("--smooth", args->smooth,
                  "treat the losses as raw and smooth them with this beta (e.g. 0.98) first")
      ->check(CLI::Range(0.0, 0.999999));
  cmd->add_flag("--json", args->json, "print the result as JSON");
}

} // namespace lrscope::cli
