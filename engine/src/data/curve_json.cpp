// Reads loss-vs-LR curves saved as JSON: pytorch-lr-finder's history and LR Scope's run export.
#include "data/curve_json.h"

#include "data/csv_text.h"
#include "data/curve_fields.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/run_kind.h"

#include <cctype>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace lrscope::engine::detail {
namespace {

using nlohmann::json;

constexpr std::string_view kRunExportFormat = "lrscope-run";

/// `text` with Python's bare NaN, Infinity and -Infinity (which json.dump writes for
/// non-finite floats, though JSON has no such literals) turned into strings.
std::string withPythonConstantsQuoted(std::string_view text) {
  const auto isWordChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  std::string result;
  result.reserve(text.size());
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      result += c;
      if (c == '\\' && i + 1 < text.size()) {
        result += text[++i];
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') {
      inString = true;
      result += c;
      continue;
    }
    bool replaced = false;
    if (i == 0 || !isWordChar(text[i - 1])) {
      for (const std::string_view word : {"NaN", "Infinity", "-Infinity"}) {
        const std::size_t end = i + word.size();
        if (text.compare(i, word.size(), word) == 0 &&
            (end == text.size() || !isWordChar(text[end]))) {
          result += '"';
          result += word;
          result += '"';
          i = end - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      result += c;
    }
  }
  return result;
}

/// An element of a JSON array as an lr (`isLr`) or a loss; a loss may be null (NaN) or a
/// string spelling a non-finite number ("NaN", "Infinity", "-inf").
double jsonValue(const json& element, bool isLr, const std::string& where) {
  if (element.is_number()) {
    return element.get<double>();
  }
  if (element.is_null() && !isLr) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (element.is_string() && !isLr) {
    double value = 0.0;
    if (parseNumber(element.get<std::string>(), value) == NumberStatus::NotFinite) {
      return value;
    }
  }
  throw InputError(where + jsonExcerpt(element) + " is not a number" +
                   (isLr ? "" : "; write a missing or diverged loss as null"));
}

/// One of the arrays of a JSON curve, with its key as the file spells it.
struct JsonArray {
  std::string key; ///< with the path of the object that holds it, e.g. "step_metrics.lr"
  const json* values = nullptr;

  [[nodiscard]] const json& at(std::size_t index) const { return (*values)[index]; }
  /// "file: \"key\"[index]: ", the prefix of a message about one element.
  [[nodiscard]] std::string where(const std::string& fileName, std::size_t index) const {
    return fileName + ": \"" + key + "\"[" + std::to_string(index) + "]: ";
  }
};

/// The curve held by the arrays of `object` (keys chosen by findCurveFields); `path` is what
/// messages put before a key ("" or "step_metrics.").
LrCurve readArrays(const json& object, const std::string& path, const std::string& fileName) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) {
    keys.push_back(item.key());
  }
  const CurveFields fields = findCurveFields(keys, fileName, fileName + ": ", "key");
  const auto arrayAt = [&](std::size_t index) {
    const json& values = object.at(keys[index]);
    if (!values.is_array()) {
      throw InputError(fileName + ": \"" + path + keys[index] + "\" is " +
                       (values.is_object() ? "an " : "a ") + values.type_name() +
                       "; expected an array of numbers");
    }
    return JsonArray{path + keys[index], &values};
  };
  const JsonArray lrs = arrayAt(fields.lr);
  const JsonArray losses = arrayAt(fields.loss);
  const std::optional<JsonArray> rawLosses =
      fields.rawLoss ? std::optional<JsonArray>(arrayAt(*fields.rawLoss)) : std::nullopt;
  const std::size_t count = lrs.values->size();
  for (const JsonArray* other : {&losses, rawLosses ? &*rawLosses : nullptr}) {
    if (other && other->values->size() != count) {
      throw InputError(fileName + ": \"" + lrs.key + "\" has " + std::to_string(count) +
                       " values but \"" + other->key + "\" has " +
                       std::to_string(other->values->size()) +
                       "; the arrays must have the same length");
    }
  }

  LrCurve curve;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string lrWhere = lrs.where(fileName, i);
    appendLr(jsonValue(lrs.at(i), true, lrWhere), curve.lrs, lrWhere);
    curve.losses.push_back(jsonValue(losses.at(i), false, losses.where(fileName, i)));
    if (rawLosses) {
      curve.rawLosses.push_back(jsonValue(rawLosses->at(i), false, rawLosses->where(fileName, i)));
    }
  }
  checkPointCount(curve, fileName);
  return curve;
}

/// The step metrics of an LR Scope run export, after checking that this LR Scope reads its
/// version and that the run is a curve (a range test or an imported one).
const json& runExportSteps(const json& root, const std::string& fileName) {
  const json* version = root.contains("format_version") ? &root.at("format_version") : nullptr;
  if (version == nullptr || !version->is_number_integer() || version->get<int64_t>() < 1) {
    throw InputError(fileName + ": an LR Scope run export without a valid \"format_version\"; "
                                "export the run again");
  }
  if (version->get<int64_t>() > kLatestRunExportVersion) {
    throw InputError(fileName + ": an LR Scope run export of format_version " +
                     std::to_string(version->get<int64_t>()) +
                     ", newer than this LR Scope reads (up to " +
                     std::to_string(kLatestRunExportVersion) + "); update LR Scope");
  }
  const auto kind = root.find("kind");
  const bool curveKind = kind == root.end() || !kind->is_string() ||
                         runKindFromText(kind->get<std::string>()) == RunKind::RangeTest ||
                         runKindFromText(kind->get<std::string>()) == RunKind::Imported;
  if (!curveKind) {
    const auto id = root.find("id");
    throw InputError(fileName + ": run " +
                     (id != root.end() && id->is_number_integer() ? id->dump() : std::string("?")) +
                     " is a " + kind->get<std::string>() +
                     " run, not a loss-vs-LR curve; only range tests and imported curves can be "
                     "imported");
  }
  const auto steps = root.find("step_metrics");
  if (steps == root.end() || !steps->is_object()) {
    throw InputError(fileName + ": an LR Scope run export without a \"step_metrics\" object; "
                                "export the run again");
  }
  return *steps;
}

} // namespace

json parseCurveJson(const std::string& text, const std::string& fileName) {
  return parseJsonInput(withPythonConstantsQuoted(text), fileName);
}

CurveFormat jsonCurveFormat(const json& root, const std::string& fileName) {
  if (!root.is_object()) {
    throw InputError(notACurveMessage(fileName));
  }
  const auto format = root.find("format");
  if (format != root.end() && *format == kRunExportFormat) {
    return CurveFormat::LrScopeRunJson;
  }
  std::vector<std::string> keys;
  for (const auto& item : root.items()) {
    keys.push_back(item.key());
  }
  if (!namesAnyCurveField(keys)) {
    throw InputError(notACurveMessage(fileName));
  }
  return CurveFormat::LrFinderHistoryJson;
}

LrCurve readJsonCurve(const json& root, CurveFormat format, const std::string& fileName) {
  if (format == CurveFormat::LrScopeRunJson) {
    return readArrays(runExportSteps(root, fileName), "step_metrics.", fileName);
  }
  return readArrays(root, "", fileName);
}

} // namespace lrscope::engine::detail
