#pragma once

#include "lrscope/engine/lr_curve.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// A learning-rate range: train starting at upper and decay towards lower.
struct LrRange {
  double lower = 0.0;
  double upper = 0.0;
  std::string rule;
  int version = 0;
};

/// Why a curve gives no range, when it gives none.
struct LrRangeResult {
  std::optional<LrRange> range;
  std::string reason; ///< empty when a range was found
};

/// LR Scope's own range rule ("lrscope-range"); its definition is in lr_range_rule.cpp.
class LrRangeRule {
public:
  static constexpr const char* kName = "lrscope-range";
  /// The version every new range is found with.
  static constexpr int kVersion = 3;

  /// The versions apply() knows, oldest first.
  [[nodiscard]] static const std::vector<int>& versions();

  /// The range by version `version` of the rule; throws std::invalid_argument for a version
  /// that is not one of versions().
  [[nodiscard]] static LrRangeResult apply(const LrCurve& curve, int version = kVersion);

  /// The centred median-then-mean filter the rule reads raw losses through (step 1 of its
  /// definition); the losses must be finite.
  [[nodiscard]] static std::vector<double> smooth(const std::vector<double>& rawLosses);
};

} // namespace lrscope::engine
