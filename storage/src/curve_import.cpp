// Curves recorded elsewhere (other tools' files, LR Scope's own run exports) stored as runs.
#include "lrscope/storage/curve_import.h"

#include "exported_run.h"

#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/suggestion_rules.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lrscope::storage {
namespace {

std::string absoluteText(const std::filesystem::path& file) {
  return std::filesystem::absolute(file).lexically_normal().string();
}

engine::RunStatus statusNamed(const std::string& name) {
  for (const engine::RunStatus status :
       {engine::RunStatus::Diverged, engine::RunStatus::Cancelled, engine::RunStatus::Failed}) {
    if (engine::toString(status) == name)
      return status;
  }
  return engine::RunStatus::Completed;
}

/// The steps of a curve known by its lrs and losses alone.
std::vector<engine::StepRecord> curveSteps(const engine::LrCurve& curve) {
  std::vector<engine::StepRecord> steps(curve.lrs.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    steps[i].step = static_cast<int>(i);
    steps[i].groupLrs = {curve.lrs[i]};
    steps[i].loss = curve.rawLosses.empty() ? curve.losses[i] : curve.rawLosses[i];
    steps[i].smoothedLoss = curve.losses[i];
    steps[i].batchAccuracy = std::nan("");
    steps[i].wallSeconds = std::nan("");
  }
  return steps;
}

} // namespace

CurveImport readCurveImport(const std::filesystem::path& file) {
  CurveImport imported;
  imported.sourceFile = file;
  imported.format = engine::detectCurveFormat(file);
  imported.curve = engine::readCurveFile(file);
  if (imported.format == engine::CurveFormat::LrScopeRunJson)
    imported.exported = readExportedRun(file, imported.curve);
  return imported;
}

int64_t importCurve(RunDatabase& database, const CurveImport& imported,
                    const std::string& experiment) {
  const engine::LrCurve& curve = imported.curve;
  const std::string source = engine::utf8Escaped(absoluteText(imported.sourceFile));
  // Derived data first: nothing is written when the rules fail.
  const std::vector<engine::Suggestion> suggestions = engine::suggestAll(curve);
  const std::optional<engine::LrRange> range = engine::LrRangeRule::apply(curve).range;

  const ExportedRun* exported = imported.exported ? &*imported.exported : nullptr;
  NewRun run;
  run.experiment = experiment;
  run.kind = engine::RunKind::Imported;
  run.sourceFile = source;
  std::string message = "imported from " + source;
  if (exported) {
    run.configJson = exported->configJson;
    run.seed = exported->seed;
    run.dataset = exported->dataset;
    run.model = exported->model;
    if (!exported->message.empty())
      message += "; run " + std::to_string(exported->id) + " there: " + exported->message;
  } else {
    nlohmann::json config{{"imported_from", source}, {"points", curve.lrs.size()}};
    if (imported.format)
      config["format"] = engine::curveFormatName(*imported.format);
    run.configJson = config.dump();
    run.dataset = engine::utf8Escaped(imported.sourceFile.filename().string());
    run.model = "(imported)";
  }

  const int64_t id = database.createRun(run);
  try {
    database.appendSteps(id, exported ? exported->steps : curveSteps(curve));
    database.saveSuggestions(id, suggestions, range);
    if (exported) {
      if (!exported->notes.empty())
        database.setNotes(id, exported->notes);
      if (!exported->tags.empty())
        database.setTags(id, exported->tags);
      database.saveClassesAndWarnings(id, exported->classNames, exported->warnings);
      for (const RunEvent& event : exported->events)
        database.addEvent(id, event.step, event.kind, event.payloadJson);
      if (exported->manualRange)
        database.setManualRange(id, exported->manualRange->lower, exported->manualRange->upper);
    }
    database.finishRun(id, exported ? statusNamed(exported->status) : engine::RunStatus::Completed,
                       message, exported ? exported->durationSeconds : 0.0);
  } catch (...) {
    // A half-imported run would look like a real one: take it out again.
    try {
      database.deleteRun(id);
    } catch (...) { // the first error is the one to report
    }
    throw;
  }
  return id;
}

int64_t importCurve(RunDatabase& database, const engine::LrCurve& curve,
                    const std::filesystem::path& sourceFile, const std::string& experiment) {
  CurveImport imported;
  imported.sourceFile = sourceFile;
  imported.curve = curve;
  return importCurve(database, imported, experiment);
}

} // namespace lrscope::storage
