#pragma once

// A rule's record in the audit matrix that ships with LR Scope, as the details panel and the
// report show it beside the rule's suggestion.
#include <QString>

#include <string>

namespace lrscope::ui {

/// The optimizer ("sgd", "adam", ...) of a run's stored config; empty when it has none (an
/// imported curve) or the config is not JSON.
[[nodiscard]] std::string optimizerOfConfig(const std::string& configJson);

/// "4 of 7 cells with adam" (within one std of the grid's best); empty when the matrix has no
/// record of the rule (its name, or "lrscope-range" with its version) with this optimizer.
[[nodiscard]] QString ruleRecordText(const std::string& rule, int version,
                                     const std::string& optimizer);

/// "4 of 7": the same record without the optimizer, for a table whose header names it; empty
/// as above.
[[nodiscard]] QString ruleRecordCount(const std::string& rule, int version,
                                      const std::string& optimizer);

/// The version in "lrscope-range v3" (0 without one), and the name before it.
[[nodiscard]] int ruleVersionOf(const std::string& ruleWithVersion);
[[nodiscard]] std::string ruleNameOf(const std::string& ruleWithVersion);

} // namespace lrscope::ui
