#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace lrscope::engine {

/// The rule that stopped a learning rate of a sweep.
enum class EliminationRule {
  Diverged,        ///< its loss became NaN or infinite while it trained the rung
  WorseThanMedian, ///< its validation loss in the worse half of the rung, at or above the median
  BehindBest,      ///< on the last rung, any validation loss but the best's
};

/// "diverged", "median", "best": the rule as the "eliminated" event's payload stores it.
[[nodiscard]] std::string_view toString(EliminationRule rule);
/// The rule stored as this text; nullopt for any other text.
[[nodiscard]] std::optional<EliminationRule> eliminationRuleFromText(std::string_view text);

/// Why a learning rate of a sweep was stopped: the rule, where, and the values it compared.
struct EliminationCause {
  EliminationRule rule = EliminationRule::WorseThanMedian;
  int rung = 1; ///< 1-based
  /// Its last validation loss; NaN when it diverged.
  double validationLoss = std::numeric_limits<double>::quiet_NaN();
  /// What that loss was compared with: the median of the rung's finite losses
  /// (WorseThanMedian), the best's (BehindBest); NaN when it diverged.
  double comparedWith = std::numeric_limits<double>::quiet_NaN();
  int divergedAtStep = 0; ///< Diverged: the step whose loss was not finite
  std::string divergence; ///< Diverged: its training's message ("loss is nan ..."); else empty
};

/// The reason as the sweep reports it: "validation loss 0.61 > median 0.48 at rung 2",
/// "validation loss 0.61 > best 0.48 at rung 3, the last", "diverged at step 41: loss is nan".
[[nodiscard]] std::string eliminationReason(const EliminationCause& cause);
/// The same without its rung, for a line that names the rung already: "validation loss 0.61 >
/// median 0.48". A divergence names its step, not its rung, and is the same text.
[[nodiscard]] std::string eliminationReasonWithoutRung(const EliminationCause& cause);

} // namespace lrscope::engine
