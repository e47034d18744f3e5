#pragma once

#include "lrscope/engine/lr_curve.h"

#include <filesystem>
#include <string>

namespace lrscope::engine {

/// The kinds of recorded loss-vs-LR curve files readCurveFile reads.
enum class CurveFormat {
  LrLossCsv,           ///< a CSV with a header naming "lr" and "loss" columns
  FastaiRecorderCsv,   ///< a CSV of fastai's learn.recorder: columns "lrs" and "losses"
  LrFinderHistoryJson, ///< pytorch-lr-finder's `history` saved as JSON: {"lr": [...], "loss":
                       ///< [...]}
  LrScopeRunJson, ///< LR Scope's own run export (lrscope export --json): "format": "lrscope-run"
};

/// "CSV (lr, loss)", "fastai recorder CSV", "pytorch-lr-finder history", "LR Scope run export".
[[nodiscard]] std::string curveFormatName(CurveFormat format);

/// Which format the file is, by content, not by extension (first non-blank character '{' or
/// '[' = JSON). Throws InputError naming the file when it is missing, empty, not valid JSON, or
/// none of the formats: "FILE: not a curve LR Scope can import: expected ...".
[[nodiscard]] CurveFormat detectCurveFormat(const std::filesystem::path& file);

/// Reads a loss-vs-LR curve recorded by any tool, in any CurveFormat:
/// - CSV with a header: the learning rate in a column "lr", "lrs" or "learning_rate"; the loss
///   in "loss" or "losses"; an optional "raw_loss" fills rawLosses. A column "smoothed_loss"
///   (as in lrscope export --csv) is the curve's loss and then "loss" the raw one. Names match
///   in any case; other columns, such as the unnamed index column pandas writes first, are
///   ignored. A loss cell may be empty (missing, as pandas writes NaN), "nan", "inf", "-inf"
///   (any case), or a PyTorch scalar as Python prints it, e.g. fastai's losses saved as tensors:
///   "tensor(2.3026)", "tensor(2.3026, device='cuda:0')", "TensorBase(2.3026)" (its number is
///   read; anything else, such as a tensor of several values, is refused).
/// - JSON: an object with arrays named as the CSV columns (pytorch-lr-finder's {"lr", "loss"});
///   a loss may be null (= NaN), or Python's NaN, Infinity, -Infinity. An LR Scope run export
///   gives its "step_metrics" (smoothed_loss as the curve, loss as the raw loss); only range
///   tests and imported curves are curves (a training run's LRs do not increase).
/// Values are read as full-precision doubles. LRs must be finite, > 0 and strictly increasing.
/// Throws InputError naming the file (and the line and column, or the JSON key and index) when
/// the file is missing, empty or none of the formats, is not valid JSON, lacks a column or key,
/// holds a value that is not a number, has arrays of different lengths, LRs out of order, or
/// fewer than 2 points.
[[nodiscard]] LrCurve readCurveFile(const std::filesystem::path& file);

/// Writes a curve as CSV (lr,loss[,raw_loss]) that readCurveFile reads back exactly. Writes
/// to a temporary file beside it and renames, so a failure leaves no half-written file.
/// Throws InputError naming the file when it cannot be written.
void writeCurveFile(const std::filesystem::path& file, const LrCurve& curve);

} // namespace lrscope::engine
