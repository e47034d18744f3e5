#pragma once

// What the readers of recorded curves (curve_file.cpp for CSV, curve_json.cpp for JSON) share:
// the names a column or key may have, which of them make up a curve, and the checks on values.

#include "lrscope/engine/lr_curve.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrscope::engine::detail {

/// Where the learning rate, the curve's loss and the raw loss are among a file's column (or key)
/// names. The curve's loss is what the rules read: "smoothed_loss" (or "smooth_loss") when there
/// is one, then the plain "loss" (or "losses") is the raw loss; without it "loss" or "losses" is
/// the curve's loss and "raw_loss", when present, the raw one. The learning rate is "lr", "lrs"
/// or "learning_rate". Names match in any case.
struct CurveFields {
  std::size_t lr = 0;
  std::size_t loss = 0;
  std::optional<std::size_t> rawLoss;
};

/// Whether any of the names is one a curve's learning rate or loss can have: a file without
/// any is not a curve at all.
[[nodiscard]] bool namesAnyCurveField(const std::vector<std::string>& names);

/// Whether the names are fastai's (a learning-rate column "lrs" or a loss column "losses").
[[nodiscard]] bool namesFastaiFields(const std::vector<std::string>& names);

/// Finds the curve's fields among `names`. Throws InputError prefixed with `where` when two
/// names mean one field, or naming `fileName` when the learning rate or the loss is missing;
/// `what` is "column" or "key".
[[nodiscard]] CurveFields findCurveFields(const std::vector<std::string>& names,
                                          const std::string& fileName, const std::string& where,
                                          const std::string& what);

/// Appends `lr` to `lrs`; throws InputError prefixed with `where` unless it is finite, > 0
/// and greater than the previous one.
void appendLr(double lr, std::vector<double>& lrs, const std::string& where);

/// Throws InputError naming the file when the curve has fewer than 2 points.
void checkPointCount(const LrCurve& curve, const std::string& fileName);

/// "FILE: not a curve LR Scope can import: expected ..." (the four formats).
[[nodiscard]] std::string notACurveMessage(const std::string& fileName);

/// The number inside a PyTorch scalar as Python prints it: "tensor(2.3026)",
/// "tensor(2.3026, device='cuda:0')", "TensorBase(2.3026)" give "2.3026"; any other text is
/// returned as it is.
[[nodiscard]] std::string_view unwrappedTensor(std::string_view cell);

} // namespace lrscope::engine::detail
