#pragma once

#include "lrscope/engine/sampling.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace lrscope::ui {

// Text of the dialog's free-form fields, read and written the way the CLI's flags are.

/// The shortest text that reads back as the same double, exponent without padding ("1e-7").
[[nodiscard]] QString numberFieldText(double value);
/// "1e-7", "0.001", " 2 "; nullopt for anything else, nan and inf included.
[[nodiscard]] std::optional<double> parseNumberField(const QString& text);

/// "all" for the whole data set, the count ("6000") or the fraction ("0.1").
[[nodiscard]] QString sampleSizeFieldText(const engine::SampleSpec& sample);
/// Reads "all" or empty, a count ("6000") or a fraction ("0.1", "10%") into count and
/// fraction; returns false, leaving sample as it was, for anything else.
[[nodiscard]] bool parseSampleSizeField(const QString& text, engine::SampleSpec& sample);

/// "256, 128".
[[nodiscard]] QString widthsFieldText(const std::vector<int64_t>& widths);
/// Whole numbers separated by commas or spaces; nullopt when an entry is not one.
[[nodiscard]] std::optional<std::vector<int64_t>> parseWidthsField(const QString& text);

} // namespace lrscope::ui
