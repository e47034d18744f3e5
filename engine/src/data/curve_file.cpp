#include "lrscope/engine/curve_file.h"

#include "data/csv_text.h"
#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrscope::engine {

namespace {

using detail::CsvRecord;
using detail::CsvSplitter;
using detail::joined;
using detail::NumberStatus;
using detail::parseNumber;
using detail::readText;
using detail::trimmed;

constexpr std::string_view kLr = "lr";
constexpr std::string_view kLoss = "loss";
constexpr std::string_view kRawLoss = "raw_loss";

std::string lowered(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return result;
}

/// The position of the name that equals `wanted` in any case, or nothing. Throws InputError
/// when two names do (`what` is "column" or "key").
std::optional<std::size_t> findName(const std::vector<std::string>& names, std::string_view wanted,
                                    const std::string& where, const std::string& what) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (lowered(names[i]) != wanted) {
      continue;
    }
    if (found) {
      throw InputError(where + what + "s \"" + names[*found] + "\" and \"" + names[i] +
                       "\" both name \"" + std::string(wanted) + "\"; keep one");
    }
    found = i;
  }
  return found;
}

/// Appends `lr` to `lrs`; throws InputError prefixed with `where` unless it is finite, > 0
/// and greater than the previous one.
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

/// A CSV cell as an lr (`isLr`) or a loss; a loss may be nan or infinite.
double csvValue(const std::string& cell, bool isLr, const std::string& where) {
  double value = 0.0;
  const NumberStatus status = parseNumber(cell, value);
  if (status == NumberStatus::Ok || (status == NumberStatus::NotFinite && !isLr)) {
    return value;
  }
  if (status == NumberStatus::NotFinite) {
    throw InputError(where + "\"" + cell + "\" is not a finite number; learning rates must be");
  }
  if (status == NumberStatus::OutOfRange) {
    throw InputError(where + "\"" + cell + "\" is out of the range of a double");
  }
  throw InputError(where + "\"" + cell + "\" is not a number" +
                   (isLr ? "" : "; write a missing or diverged loss as nan"));
}

LrCurve readCsvCurve(std::string_view text, const std::string& fileName) {
  CsvSplitter splitter(text, ',', fileName);
  const std::optional<CsvRecord> header = splitter.next();
  if (!header) {
    throw InputError(fileName + ": the file is empty; expected a CSV header naming columns "
                                "\"lr\" and \"loss\", or a JSON object");
  }
  std::vector<std::string> columns;
  for (const auto& field : header->fields) {
    columns.emplace_back(trimmed(field));
  }
  const std::string headerWhere = fileName + ":" + std::to_string(header->line) + ": ";
  std::array<std::size_t, 2> required{};
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string_view name = i == 0 ? kLr : kLoss;
    const std::optional<std::size_t> index = findName(columns, name, headerWhere, "column");
    if (!index) {
      throw InputError(fileName + ": no column \"" + std::string(name) +
                       "\" (columns: " + joined(columns) + ")");
    }
    required[i] = *index;
  }
  const std::optional<std::size_t> rawIndex = findName(columns, kRawLoss, headerWhere, "column");

  LrCurve curve;
  while (const std::optional<CsvRecord> record = splitter.next()) {
    const std::string where = fileName + ":" + std::to_string(record->line) + ": ";
    if (record->fields.size() != columns.size()) {
      throw InputError(where + "expected " + std::to_string(columns.size()) +
                       " columns as in the header, found " + std::to_string(record->fields.size()));
    }
    const auto cellWhere = [&](std::size_t column) {
      return where + "column \"" + columns[column] + "\": ";
    };
    const double lr = csvValue(record->fields[required[0]], true, cellWhere(required[0]));
    appendLr(lr, curve.lrs, where);
    curve.losses.push_back(csvValue(record->fields[required[1]], false, cellWhere(required[1])));
    if (rawIndex) {
      curve.rawLosses.push_back(csvValue(record->fields[*rawIndex], false, cellWhere(*rawIndex)));
    }
  }
  checkPointCount(curve, fileName);
  return curve;
}

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

std::string shortDump(const nlohmann::json& value) {
  std::string text = value.dump();
  constexpr std::size_t kMaxLength = 40;
  if (text.size() > kMaxLength) {
    text = text.substr(0, kMaxLength) + "...";
  }
  return text;
}

/// An element of a JSON array as an lr (`isLr`) or a loss; a loss may be null (NaN) or a
/// string spelling a non-finite number ("NaN", "Infinity", "-inf").
double jsonValue(const nlohmann::json& element, bool isLr, const std::string& where) {
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
  throw InputError(where + shortDump(element) + " is not a number" +
                   (isLr ? "" : "; write a missing or diverged loss as null"));
}

/// One of the arrays of a JSON curve, with its key as the file spells it.
struct JsonArray {
  std::string key;
  const nlohmann::json* values = nullptr;

  [[nodiscard]] const nlohmann::json& at(std::size_t index) const { return (*values)[index]; }
  /// "file: \"key\"[index]: ", the prefix of a message about one element.
  [[nodiscard]] std::string where(const std::string& fileName, std::size_t index) const {
    return fileName + ": \"" + key + "\"[" + std::to_string(index) + "]: ";
  }
};

LrCurve readJsonCurve(const std::string& text, const std::string& fileName) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(withPythonConstantsQuoted(text));
  } catch (const nlohmann::json::exception& error) {
    // error.what() is "[json.exception.<kind>.<id>] <message>"; keep the first line of <message>.
    std::string message = error.what();
    message = message.substr(0, message.find('\n'));
    const std::size_t close = message.find("] ");
    if (!message.empty() && message.front() == '[' && close != std::string::npos) {
      message.erase(0, close + 2);
    }
    const bool syntax = dynamic_cast<const nlohmann::json::parse_error*>(&error) != nullptr;
    // Other exceptions come from valid JSON that cannot be held, such as a number beyond double.
    throw InputError(fileName + (syntax ? ": not valid JSON: " : ": cannot read the JSON: ") +
                     message);
  }
  if (!root.is_object()) {
    throw InputError(fileName + ": expected a JSON object with arrays \"lr\" and \"loss\", found " +
                     std::string(root.is_array() ? "an " : "a ") + root.type_name());
  }
  std::vector<std::string> keys;
  for (const auto& item : root.items()) {
    keys.push_back(item.key());
  }
  const auto arrayOf = [&](std::string_view name, bool required) -> std::optional<JsonArray> {
    const std::optional<std::size_t> index = findName(keys, name, fileName + ": ", "key");
    if (!index) {
      if (required) {
        throw InputError(fileName + ": no key \"" + std::string(name) +
                         "\" (keys: " + joined(keys) + ")");
      }
      return std::nullopt;
    }
    const nlohmann::json& values = root.at(keys[*index]);
    if (!values.is_array()) {
      throw InputError(fileName + ": \"" + keys[*index] + "\" is " +
                       (values.is_object() ? "an " : "a ") + values.type_name() +
                       "; expected an array of numbers");
    }
    return JsonArray{keys[*index], &values};
  };
  const JsonArray lrs = *arrayOf(kLr, true);
  const JsonArray losses = *arrayOf(kLoss, true);
  const std::optional<JsonArray> rawLosses = arrayOf(kRawLoss, false);
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

} // namespace

LrCurve readCurveFile(const std::filesystem::path& file) {
  const std::string fileName = file.string();
  const std::string text = readText(file);
  const std::size_t first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string::npos) {
    throw InputError(fileName + ": the file is empty; expected a CSV header naming columns "
                                "\"lr\" and \"loss\", or a JSON object");
  }
  if (text[first] == '{' || text[first] == '[') {
    return readJsonCurve(text, fileName);
  }
  return readCsvCurve(text, fileName);
}

void writeCurveFile(const std::filesystem::path& file, const LrCurve& curve) {
  const bool withRaw = !curve.rawLosses.empty();
  writeFileAtomically(file, [&](std::ostream& out) {
    out << (withRaw ? "lr,loss,raw_loss\n" : "lr,loss\n");
    for (std::size_t i = 0; i < curve.lrs.size(); ++i) {
      out << numberText(curve.lrs[i]) << ',' << numberText(curve.losses[i]);
      if (withRaw)
        out << ',' << numberText(curve.rawLosses[i]);
      out << '\n';
    }
  });
}

} // namespace lrscope::engine
