// Column and key names of recorded curves, and the checks every curve reader applies.
#include "data/curve_fields.h"

#include "data/csv_text.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"

#include <cctype>
#include <cmath>
#include <initializer_list>

namespace lrscope::engine::detail {
namespace {

using Names = std::initializer_list<std::string_view>;

const Names kLrNames = {"lr", "lrs", "learning_rate"};
const Names kLossNames = {"loss", "losses"};
const Names kSmoothedNames = {"smoothed_loss", "smooth_loss"};
const Names kRawNames = {"raw_loss"};

std::string lowered(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return result;
}

bool isOneOf(std::string_view name, Names accepted) {
  const std::string low = lowered(trimmed(name));
  for (const std::string_view candidate : accepted) {
    if (low == candidate) {
      return true;
    }
  }
  return false;
}

/// The position of the name that is one of `accepted` (in any case), or nothing. Throws
/// InputError when two names are (`what` is "column" or "key").
std::optional<std::size_t> findField(const std::vector<std::string>& names, Names accepted,
                                     const std::string& where, const std::string& what) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!isOneOf(names[i], accepted)) {
      continue;
    }
    if (found) {
      throw InputError(where + what + "s " + quotedExcerpt(names[*found]) + " and " +
                       quotedExcerpt(names[i]) + " both name \"" + std::string(*accepted.begin()) +
                       "\"; keep one");
    }
    found = i;
  }
  return found;
}

/// "\"lr\", \"lrs\" or \"learning_rate\"".
std::string alternatives(Names names) {
  std::string text;
  std::size_t i = 0;
  for (const std::string_view name : names) {
    text += (i == 0 ? "" : (i + 1 == names.size() ? " or " : ", "));
    text += "\"" + std::string(name) + "\"";
    ++i;
  }
  return text;
}

} // namespace

bool namesAnyCurveField(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (const Names accepted : {kLrNames, kLossNames, kSmoothedNames, kRawNames}) {
      if (isOneOf(name, accepted)) {
        return true;
      }
    }
  }
  return false;
}

bool namesFastaiFields(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const std::string low = lowered(trimmed(name));
    if (low == "lrs" || low == "losses") {
      return true;
    }
  }
  return false;
}

CurveFields findCurveFields(const std::vector<std::string>& names, const std::string& fileName,
                            const std::string& where, const std::string& what) {
  const std::optional<std::size_t> lr = findField(names, kLrNames, where, what);
  const std::optional<std::size_t> smoothed = findField(names, kSmoothedNames, where, what);
  const std::optional<std::size_t> plain = findField(names, kLossNames, where, what);
  const std::optional<std::size_t> raw = findField(names, kRawNames, where, what);
  const auto missing = [&](Names accepted) {
    return InputError(fileName + ": no " + what + " " + alternatives(accepted) + " (" + what +
                      "s: " + excerpt(joined(names), kExcerptChars * 2) + ")");
  };
  if (!lr) {
    throw missing(kLrNames);
  }
  CurveFields fields;
  fields.lr = *lr;
  if (smoothed) {
    fields.loss = *smoothed;
    fields.rawLoss = raw ? raw : plain;
  } else if (plain) {
    fields.loss = *plain;
    fields.rawLoss = raw;
  } else {
    throw missing({"loss", "losses", "smoothed_loss"});
  }
  return fields;
}

void appendLr(double lr, std::vector<double>& lrs, const std::string& where) {
  if (!std::isfinite(lr)) {
    throw InputError(where + "lr " + numberText(lr) + " is not finite");
  }
  if (!(lr > 0.0)) {
    throw InputError(where + "lr " + numberText(lr) +
                     " is not greater than 0; learning rates must be positive");
  }
  if (!lrs.empty() && !(lr > lrs.back())) {
    throw InputError(where + "lr " + numberText(lr) + " is not greater than the previous lr " +
                     numberText(lrs.back()) + "; the curve must be sorted by increasing lr");
  }
  lrs.push_back(lr);
}

void checkPointCount(const LrCurve& curve, const std::string& fileName) {
  if (curve.lrs.size() < 2) {
    throw InputError(fileName + ": the curve has " + std::to_string(curve.lrs.size()) +
                     (curve.lrs.size() == 1 ? " point" : " points") + "; a curve needs at least 2");
  }
}

std::string notACurveMessage(const std::string& fileName) {
  return fileName + ": not a curve LR Scope can import: expected a CSV with lr and loss columns, "
                    "a pytorch-lr-finder history JSON, a fastai recorder CSV (lrs, losses) or an "
                    "LR Scope run export (.json)";
}

std::string_view unwrappedTensor(std::string_view cell) {
  const std::string_view text = trimmed(cell);
  for (const std::string_view prefix : {"tensor(", "TensorBase("}) {
    if (text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix &&
        text.back() == ')') {
      std::string_view inner = text.substr(prefix.size(), text.size() - prefix.size() - 1);
      inner = inner.substr(0, inner.find(','));
      return trimmed(inner);
    }
  }
  return cell;
}

} // namespace lrscope::engine::detail
