#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::engine {

/// A change of the learning rate made by hand while a run trains: an absolute value or a
/// multiplier, taking effect at optimizer step `step` (the next step when made live).
struct LrChange {
  enum class Kind { Set, Scale };
  int step = 0;
  Kind kind = Kind::Set;
  double value = 0.0; ///< the LR for Set, the factor for Scale; positive and finite
};

/// Reads a file of timed changes, one per line: "STEP set LR" or "STEP scale FACTOR" (e.g.
/// "500 set 3e-4", "1200 scale 0.5"), fields separated by blanks; blank lines and "#" comments
/// (whole lines or line ends) are skipped. STEP is a whole number >= 0, the value positive and
/// finite. Steps must not decrease; changes at the same step apply in file order. Throws
/// InputError "FILE:LINE: ..." naming what is wrong, or "FILE: cannot read ..." when the file
/// cannot be read.
[[nodiscard]] std::vector<LrChange> readLrEvents(const std::filesystem::path& file);

/// The LR actually used at a step: the schedule's LR, times the product of Scale changes and
/// replaced by Set changes made so far. A Set fixes the ratio to the schedule at that step, so
/// the schedule's shape continues from the new level (as a manual change in the app does).
class LrAdjustment {
public:
  /// Applies a change; returns the new multiplier of the schedule's LR. Scale multiplies it by
  /// the factor; Set makes it change.value / scheduleLrAtStep. Throws InputError (the
  /// multiplier unchanged) for a value that is not positive and finite, or for a Set where the
  /// schedule's LR is not positive (a cyclical or cosine schedule at 0), as no ratio gives it.
  double apply(const LrChange& change, double scheduleLrAtStep);
  [[nodiscard]] double multiplier() const { return m_multiplier; }

private:
  double m_multiplier = 1.0;
};

} // namespace lrscope::engine
