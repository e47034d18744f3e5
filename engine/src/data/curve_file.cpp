// Reads and writes recorded loss-vs-LR curves: the CSV formats here, JSON in curve_json.cpp.
#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/message_text.h"

#include "data/csv_text.h"
#include "data/curve_fields.h"
#include "data/curve_json.h"
#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrscope::engine {

namespace {

using detail::CsvRecord;
using detail::CsvSplitter;
using detail::CurveFields;
using detail::NumberStatus;
using detail::parseNumber;
using detail::readText;
using detail::trimmed;

constexpr std::string_view kBlanks = " \t\r\n\f\v";

std::string emptyFileMessage(const std::string& fileName) {
  return fileName + ": the file is empty; expected a CSV header naming columns \"lr\" and "
                    "\"loss\", or a JSON object";
}

bool looksLikeJson(const std::string& text) {
  const std::size_t first = text.find_first_not_of(kBlanks);
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

/// A CSV cell as an lr (`isLr`) or a loss. A loss may be nan, infinite or empty (NaN, as pandas
/// writes a missing value); a PyTorch scalar ("tensor(2.3)") counts as its number.
double csvValue(const std::string& cell, bool isLr, const std::string& where) {
  const std::string_view number = detail::unwrappedTensor(cell);
  if (!isLr && trimmed(cell).empty()) { // a missing loss; an empty "tensor()" is not one
    return std::numeric_limits<double>::quiet_NaN();
  }
  double value = 0.0;
  const NumberStatus status = parseNumber(number, value);
  if (status == NumberStatus::Ok || (status == NumberStatus::NotFinite && !isLr)) {
    return value;
  }
  if (status == NumberStatus::NotFinite) {
    throw InputError(where + quotedExcerpt(cell) +
                     " is not a finite number; learning rates must be");
  }
  if (status == NumberStatus::OutOfRange) {
    throw InputError(where + quotedExcerpt(cell) + " is out of the range of a double");
  }
  throw InputError(where + quotedExcerpt(cell) + " is not a number" +
                   (isLr ? "" : "; write a missing or diverged loss as nan"));
}

/// The header of a CSV curve and which of the CSV formats it is. Throws InputError when the
/// text is empty or names no column of a curve (a file that is no curve at all).
struct CsvHeader {
  CsvRecord record;
  std::vector<std::string> columns; ///< trimmed
  CurveFormat format = CurveFormat::LrLossCsv;
};

CsvHeader readCsvHeader(CsvSplitter& splitter, const std::string& text,
                        const std::string& fileName) {
  if (text.find('\0') != std::string::npos) {
    throw InputError(detail::notACurveMessage(fileName)); // binary, not text
  }
  std::optional<CsvRecord> record = splitter.next();
  if (!record) {
    throw InputError(emptyFileMessage(fileName));
  }
  CsvHeader header;
  header.record = std::move(*record);
  for (const auto& field : header.record.fields) {
    header.columns.emplace_back(trimmed(field));
  }
  if (!detail::namesAnyCurveField(header.columns)) {
    throw InputError(detail::notACurveMessage(fileName));
  }
  header.format = detail::namesFastaiFields(header.columns) ? CurveFormat::FastaiRecorderCsv
                                                            : CurveFormat::LrLossCsv;
  return header;
}

LrCurve readCsvCurve(const std::string& text, const std::string& fileName) {
  CsvSplitter splitter(text, ',', fileName);
  const CsvHeader header = readCsvHeader(splitter, text, fileName);
  const std::vector<std::string>& columns = header.columns;
  const CurveFields fields = detail::findCurveFields(
      columns, fileName, fileName + ":" + std::to_string(header.record.line) + ": ", "column");

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
    const double lr = csvValue(record->fields[fields.lr], true, cellWhere(fields.lr));
    detail::appendLr(lr, curve.lrs, where);
    curve.losses.push_back(csvValue(record->fields[fields.loss], false, cellWhere(fields.loss)));
    if (fields.rawLoss) {
      curve.rawLosses.push_back(
          csvValue(record->fields[*fields.rawLoss], false, cellWhere(*fields.rawLoss)));
    }
  }
  detail::checkPointCount(curve, fileName);
  return curve;
}

/// The file's text; throws InputError when it holds nothing but blanks.
std::string readCurveText(const std::filesystem::path& file) {
  std::string text = readText(file);
  if (text.find_first_not_of(kBlanks) == std::string::npos) {
    throw InputError(emptyFileMessage(file.string()));
  }
  return text;
}

} // namespace

std::string curveFormatName(CurveFormat format) {
  switch (format) {
  case CurveFormat::LrLossCsv:
    return "CSV (lr, loss)";
  case CurveFormat::FastaiRecorderCsv:
    return "fastai recorder CSV";
  case CurveFormat::LrFinderHistoryJson:
    return "pytorch-lr-finder history";
  case CurveFormat::LrScopeRunJson:
    return "LR Scope run export";
  }
  return "curve";
}

CurveFormat detectCurveFormat(const std::filesystem::path& file) {
  const std::string fileName = file.string();
  const std::string text = readCurveText(file);
  if (looksLikeJson(text)) {
    return detail::jsonCurveFormat(detail::parseCurveJson(text, fileName), fileName);
  }
  CsvSplitter splitter(text, ',', fileName);
  return readCsvHeader(splitter, text, fileName).format;
}

LrCurve readCurveFile(const std::filesystem::path& file) {
  const std::string fileName = file.string();
  const std::string text = readCurveText(file);
  if (looksLikeJson(text)) {
    const nlohmann::json root = detail::parseCurveJson(text, fileName);
    return detail::readJsonCurve(root, detail::jsonCurveFormat(root, fileName), fileName);
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
