#include "lrscope/engine/find_report.h"

#include <nlohmann/json.hpp>

namespace lrscope::engine {

using nlohmann::json;

json suggestionsToJson(const std::vector<Suggestion>& suggestions, const LrRangeResult& range) {
  json out;
  if (range.range) {
    out["range"] = {{"lower", range.range->lower},
                    {"upper", range.range->upper},
                    {"rule", range.range->rule},
                    {"version", range.range->version}};
  } else {
    out["range"] = nullptr;
    out["range_reason"] = range.reason;
  }
  out["suggestions"] = json::object();
  for (const Suggestion& s : suggestions)
    out["suggestions"][s.rule] = {{"lr", s.lr}, {"loss", s.loss}, {"version", s.version}};
  return out;
}

json toJson(const FindReport& report) {
  json out = suggestionsToJson(report.suggestions, report.range);
  out["status"] = toString(report.result.status);
  out["message"] = report.result.message;
  const auto& steps = report.result.steps;
  out["run"] = {
      {"data", report.datasetName},
      {"classes", report.classNames},
      {"train_size", report.trainSize},
      {"sample_size", report.sampleSize},
      {"validation_size", report.validationSize},
      {"model", report.modelName},
      {"parameters", report.parameterCount},
      {"layer_groups", report.layerGroups},
      {"steps", steps.size()},
      {"last_lr", steps.empty() ? json(nullptr) : json(steps.back().curveLr())},
      {"load_seconds", report.loadSeconds},
      {"test_seconds", report.testSeconds},
      {"ms_per_step",
       steps.empty() ? 0.0 : 1000.0 * report.testSeconds / static_cast<double>(steps.size())}};
  out["warnings"] = report.warnings;
  out["config"] = toJson(report.config);
  return out;
}

} // namespace lrscope::engine
