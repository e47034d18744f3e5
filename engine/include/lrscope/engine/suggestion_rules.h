#pragma once

#include "lrscope/engine/lr_curve.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// The suggestion rules of DESIGN.md, each a pure function of the curve. A rule returns
/// nothing when the curve is too short or has no finite point where it looks.
///
/// minimum, steep, valley and slide follow fastai's lr_find; steepest_index follows
/// pytorch-lr-finder; steepest_lr follows Lightning (shown for comparison only).
[[nodiscard]] std::optional<Suggestion> suggestMinimum(const LrCurve& curve);
[[nodiscard]] std::optional<Suggestion> suggestSteep(const LrCurve& curve);
[[nodiscard]] std::optional<Suggestion> suggestValley(const LrCurve& curve);
[[nodiscard]] std::optional<Suggestion> suggestSlide(const LrCurve& curve);
[[nodiscard]] std::optional<Suggestion> suggestSteepestIndex(const LrCurve& curve);
[[nodiscard]] std::optional<Suggestion> suggestSteepestLr(const LrCurve& curve);

/// Every rule above that gives an answer, in the order listed.
[[nodiscard]] std::vector<Suggestion> suggestAll(const LrCurve& curve);

/// Names of all rules, in the order of suggestAll.
[[nodiscard]] const std::vector<std::string>& suggestionRuleNames();

} // namespace lrscope::engine
