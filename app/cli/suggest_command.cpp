#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_report.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/suggestions_again.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
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

void runSuggest(const SuggestArguments& args) {
  if (args.curveFile.empty() == !args.runId.has_value())
    throw engine::InputError("give either --curve FILE or --run ID (a stored run)");
  if (args.save && !args.runId)
    throw engine::InputError("--save stores the suggestions with a stored run: give --run ID");
  if (args.runId && args.smooth)
    throw engine::InputError("--smooth is for a curve file; a stored run has its smoothed losses");
  storage::SuggestionsFoundAgain found;
  std::string source;
  if (args.runId) {
    storage::RunDatabase database(databasePath(args.database),
                                  args.save ? storage::RunDatabase::Access::ReadWrite
                                            : storage::RunDatabase::Access::ReadOnly);
    found = args.save ? storage::saveSuggestionsAgain(database, *args.runId, args.rangeRule)
                      : storage::findSuggestionsAgain(database, *args.runId, args.rangeRule,
                                                      storage::FindAgainFor::Comparing);
    source = "Run " + std::to_string(*args.runId);
  } else {
    found.curve = engine::readCurveFile(args.curveFile);
    source = "Curve " + engine::printable(args.curveFile);
    if (args.smooth) {
      // The file holds raw per-step losses: smooth them as a range test would.
      found.curve.rawLosses = found.curve.losses;
      found.curve.losses = engine::LossSmoother::smooth(found.curve.rawLosses, *args.smooth);
    }
    found.suggestions = engine::suggestAll(found.curve);
    found.range = engine::LrRangeRule::apply(found.curve, args.rangeRule);
  }
  const engine::LrCurve& curve = found.curve;
  const std::vector<engine::Suggestion>& suggestions = found.suggestions;
  const engine::LrRangeResult& range = found.range;
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
