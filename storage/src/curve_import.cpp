#include "lrscope/storage/curve_import.h"

#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lrscope::storage {

int64_t importCurve(RunDatabase& database, const engine::LrCurve& curve,
                    const std::filesystem::path& sourceFile, const std::string& experiment) {
  const std::string source = std::filesystem::absolute(sourceFile).lexically_normal().string();
  NewRun run;
  run.experiment = experiment;
  run.kind = "imported";
  run.configJson = nlohmann::json{{"imported_from", source}, {"points", curve.lrs.size()}}.dump();
  run.dataset = sourceFile.filename().string();
  run.model = "(imported)";
  run.sourceFile = source;
  const int64_t id = database.createRun(run);

  std::vector<engine::StepRecord> steps(curve.lrs.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    steps[i].step = static_cast<int>(i);
    steps[i].groupLrs = {curve.lrs[i]};
    steps[i].loss = curve.rawLosses.empty() ? curve.losses[i] : curve.rawLosses[i];
    steps[i].smoothedLoss = curve.losses[i];
    steps[i].batchAccuracy = std::nan("");
    steps[i].wallSeconds = std::nan("");
  }
  database.appendSteps(id, steps);
  database.finishRun(id, engine::RunStatus::Completed, "imported from " + source, 0.0);
  database.saveSuggestions(id, engine::suggestAll(curve), engine::LrRangeRule::apply(curve).range);
  return id;
}

} // namespace lrscope::storage
