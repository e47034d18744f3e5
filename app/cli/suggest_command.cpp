#include "cli/commands.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_report.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/suggestion_rules.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

struct SuggestArguments {
  std::string curveFile;
  std::optional<double> smooth; ///< given: the losses are raw, smoothed with this beta
  bool json = false;
};

void runSuggest(const SuggestArguments& args) {
  engine::LrCurve curve = engine::readCurveFile(args.curveFile);
  if (args.smooth) {
    // The file holds raw per-step losses: smooth them as a range test would.
    curve.rawLosses = curve.losses;
    curve.losses = engine::LossSmoother::smooth(curve.rawLosses, *args.smooth);
  }
  const std::vector<engine::Suggestion> suggestions = engine::suggestAll(curve);
  const engine::LrRangeResult range = engine::LrRangeRule::apply(curve);
  if (args.json) {
    nlohmann::json out = engine::suggestionsToJson(suggestions, range);
    out["curve"] = {{"file", engine::utf8Escaped(args.curveFile)}, {"points", curve.lrs.size()}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "Curve " << engine::printable(args.curveFile) << ": " << curve.lrs.size()
              << " points, lr " << formatLr(curve.lrs.front()) << " .. "
              << formatLr(curve.lrs.back()) << "\n\n"
              << formatSuggestions(suggestions, range);
  }
}

} // namespace

void addSuggestCommand(CLI::App& app) {
  const auto [cmd, args] = addSubcommand(
      app, "suggest",
      "Apply every suggestion rule and the range rule to a curve recorded by any tool", runSuggest);
  cmd->add_option("--curve", args->curveFile,
                  "a curve: CSV with lr and loss columns (optional raw_loss), a fastai "
                  "recorder's CSV (lrs, losses), pytorch-lr-finder's history JSON, or an LR "
                  "Scope run export (.json)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--smooth", args->smooth,
                  "treat the losses as raw and smooth them with this beta (e.g. 0.98) first")
      ->check(CLI::Range(0.0, 0.999999));
  cmd->add_flag("--json", args->json, "print the result as JSON");
}

} // namespace lrscope::cli
