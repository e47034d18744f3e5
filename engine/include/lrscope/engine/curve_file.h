#pragma once

#include "lrscope/engine/lr_curve.h"

#include <filesystem>

namespace lrscope::engine {

/// Reads a loss-vs-LR curve recorded by any tool: a CSV file with a header naming columns "lr"
/// and "loss" (any case, other columns ignored; an optional "raw_loss" column fills rawLosses),
/// or a JSON object {"lr": [...], "loss": [...]} as pytorch-lr-finder's `history` is saved
/// (optional "raw_loss"; keys in any case). The format is chosen by content (first non-blank
/// character '{' or '[' = JSON), not by extension. Values are read as full-precision doubles.
/// LRs must be finite, > 0 and strictly increasing. A loss may be non-finite: "nan", "inf",
/// "-inf" in CSV (any case); null (= NaN), or Python's NaN, Infinity, -Infinity in JSON.
/// Throws InputError naming the file (and the line and column, or the JSON key and index) when
/// the file is missing or empty, is not valid JSON, lacks a column or key, holds a value that
/// is not a number, has arrays of different lengths, LRs out of order, or fewer than 2 points.
[[nodiscard]] LrCurve readCurveFile(const std::filesystem::path& file);

/// Writes a curve as CSV (lr,loss[,raw_loss]) that readCurveFile reads back exactly. Writes
/// to a temporary file beside it and renames, so a failure leaves no half-written file.
/// Throws InputError naming the file when it cannot be written.
void writeCurveFile(const std::filesystem::path& file, const LrCurve& curve);

} // namespace lrscope::engine
