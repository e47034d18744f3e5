#include "lrscope/engine/csv_reader.h"
#include "lrscope/engine/message_text.h"

#include "data/csv_text.h"
#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
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

/// A cell as a float feature or target: a finite number within float range, else the reason.
NumberStatus parseFloatCell(std::string_view text, double& value) {
  const NumberStatus status = parseNumber(text, value);
  if (status == NumberStatus::Ok && std::abs(value) > std::numeric_limits<float>::max()) {
    return NumberStatus::OutOfRange;
  }
  return status;
}

/// Class index per label text: numbers in numeric order when every label is a number,
/// otherwise the texts in lexicographic (byte) order.
std::vector<std::string> orderedClassNames(const std::vector<std::string>& distinct) {
  std::vector<std::pair<double, std::string>> numeric;
  for (const auto& text : distinct) {
    double value = 0;
    if (parseFloatCell(text, value) != NumberStatus::Ok) {
      std::vector<std::string> names = distinct;
      std::sort(names.begin(), names.end());
      return names;
    }
    numeric.emplace_back(value, text);
  }
  std::sort(numeric.begin(), numeric.end());
  std::vector<std::string> names;
  for (auto& entry : numeric) {
    names.push_back(std::move(entry.second));
  }
  return names;
}

} // namespace

Dataset readCsvTable(const std::filesystem::path& file, const CsvOptions& options) {
  const std::string fileName = file.string();
  if (options.labelColumn.empty()) {
    throw InputError(fileName + ": no label column given; name the column that holds the " +
                     (options.task == TaskKind::Classification ? "class" : "target"));
  }
  const std::string text = readText(file);
  CsvSplitter splitter(text, options.delimiter, fileName);

  const std::optional<CsvRecord> header = splitter.next();
  if (!header) {
    throw InputError(fileName + ": the file is empty; expected a header row of column names");
  }
  std::vector<std::string> columns;
  for (const auto& field : header->fields) {
    columns.emplace_back(trimmed(field));
  }
  const auto labelIt = std::find(columns.begin(), columns.end(), options.labelColumn);
  if (labelIt == columns.end()) {
    throw InputError(fileName + ": no column " + quotedExcerpt(options.labelColumn) +
                     " (columns: " + excerpt(joined(columns), kExcerptChars * 2) + ")");
  }
  if (std::count(columns.begin(), columns.end(), options.labelColumn) > 1) {
    throw InputError(fileName + ":" + std::to_string(header->line) + ": column " +
                     quotedExcerpt(options.labelColumn) + " appears more than once in the header");
  }
  const auto labelIndex = static_cast<std::size_t>(labelIt - columns.begin());
  const auto featureCount = static_cast<int64_t>(columns.size()) - 1;
  if (featureCount == 0) {
    throw InputError(fileName + ": the only column is the label column " +
                     quotedExcerpt(options.labelColumn) +
                     "; a table needs at least one feature column");
  }

  Dataset data;
  data.name = file.stem().string();
  data.task = options.task;
  data.exampleShape = {featureCount};

  std::vector<std::string> labelTexts;
  while (const std::optional<CsvRecord> record = splitter.next()) {
    const std::string where = fileName + ":" + std::to_string(record->line) + ": ";
    if (record->fields.size() != columns.size()) {
      throw InputError(where + "expected " + std::to_string(columns.size()) +
                       " columns as in the header, found " + std::to_string(record->fields.size()));
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& cell = record->fields[c];
      if (c == labelIndex && options.task == TaskKind::Classification) {
        const std::string_view label = trimmed(cell);
        if (label.empty()) {
          throw InputError(where + "column " + quotedExcerpt(columns[c]) + ": the label is empty");
        }
        labelTexts.emplace_back(label);
        continue;
      }
      double value = 0;
      const NumberStatus status = parseFloatCell(cell, value);
      if (status != NumberStatus::Ok) {
        throw InputError(
            where + "column " + quotedExcerpt(columns[c]) + ": " + quotedExcerpt(cell) +
            " is not a " +
            (status == NumberStatus::NotANumber ? "number" : "finite number in float range"));
      }
      if (c == labelIndex) {
        data.targets.push_back(static_cast<float>(value));
      } else {
        data.features.push_back(static_cast<float>(value));
      }
    }
  }
  if (data.features.empty()) {
    throw InputError(fileName + ": no data rows after the header; a table needs at least one");
  }

  if (options.task == TaskKind::Classification) {
    std::map<std::string, int64_t> classOf;
    for (const auto& label : labelTexts) {
      classOf.emplace(label, 0);
    }
    std::vector<std::string> distinct;
    for (const auto& entry : classOf) {
      distinct.push_back(entry.first);
    }
    data.classNames = orderedClassNames(distinct);
    for (std::size_t i = 0; i < data.classNames.size(); ++i) {
      classOf[data.classNames[i]] = static_cast<int64_t>(i);
    }
    data.labels.reserve(labelTexts.size());
    for (const auto& label : labelTexts) {
      data.labels.push_back(classOf.at(label));
    }
    for (std::string& name : data.classNames) {
      name = utf8Escaped(name);
    }
  }
  return data;
}

} // namespace lrscope::engine
