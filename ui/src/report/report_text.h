#pragma once

// How the report writes numbers and names: the same forms as `lrscope show` prints them.

#include <QString>

#include <string>

namespace lrscope::ui {

/// "1.234e-03"; "-" when not a positive finite number.
[[nodiscard]] QString lrText(double lr);
/// "0.4321"; "-" when not finite.
[[nodiscard]] QString lossText(double loss);
/// A fraction as "91.3%"; "-" when not finite.
[[nodiscard]] QString percentText(double fraction);
/// "12.3 s", "4 min 05 s", "1 h 02 min".
[[nodiscard]] QString durationText(double seconds);
/// What a suggestion rule (or LR Scope's range rule) computes and where it comes from.
[[nodiscard]] QString rulePurpose(const std::string& rule);

} // namespace lrscope::ui
