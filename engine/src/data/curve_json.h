#pragma once

// The JSON side of the recorded-curve reader: pytorch-lr-finder's history and LR Scope's own
// run export (format "lrscope-run").

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/lr_curve.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lrscope::engine::detail {

/// The newest "format_version" of an "lrscope-run" export this LR Scope reads.
constexpr int kLatestRunExportVersion = 2;

/// Parses JSON text as Python's json.dump writes it (bare NaN, Infinity, -Infinity are read
/// as the strings "NaN", "Infinity", "-Infinity"). Throws InputError naming the file and the
/// place of a syntax error.
[[nodiscard]] nlohmann::json parseCurveJson(const std::string& text, const std::string& fileName);

/// Which of the JSON curve formats `root` is. Throws InputError (notACurveMessage) when it is
/// neither an "lrscope-run" export nor an object with a key that names an lr or a loss.
[[nodiscard]] CurveFormat jsonCurveFormat(const nlohmann::json& root, const std::string& fileName);

/// The curve of a JSON file of this format: the arrays of a history object, or the
/// "step_metrics" of an LR Scope run export (smoothed_loss as the curve, loss as the raw loss).
/// Throws InputError naming the file and the key and index of a bad value.
[[nodiscard]] LrCurve readJsonCurve(const nlohmann::json& root, CurveFormat format,
                                    const std::string& fileName);

} // namespace lrscope::engine::detail
