#pragma once

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/run_record.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace lrscope::engine {

/// What one `lrscope find` produced: the run, what it ran on, and what the curve suggests.
struct FindReport {
  FindConfig config;
  std::string datasetName;
  /// The data set's class names, index = label (folder names for an image folder); empty for
  /// regression.
  std::vector<std::string> classNames;
  int64_t trainSize = 0;
  int64_t sampleSize = 0;
  int64_t validationSize = 0;
  std::string modelName;
  int64_t parameterCount = 0;
  std::vector<std::string> layerGroups;
  RangeTestResult result;
  std::vector<Suggestion> suggestions;
  LrRangeResult range;
  double loadSeconds = 0.0; ///< reading, sampling and normalizing the data
  double testSeconds = 0.0; ///< the range test itself
  std::vector<std::string> warnings;
};

/// {"status", "message", "range": {"lower", "upper", "rule", "version"} or null with
/// "range_reason", "suggestions": {rule: {"lr", "loss", "version"}}, "run": {...}, "config"}.
[[nodiscard]] nlohmann::json toJson(const FindReport& report);

/// Suggestions and range of a curve alone, as `lrscope suggest` reports them.
[[nodiscard]] nlohmann::json suggestionsToJson(const std::vector<Suggestion>& suggestions,
                                               const LrRangeResult& range);

} // namespace lrscope::engine
