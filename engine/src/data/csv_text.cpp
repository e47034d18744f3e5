#include "data/csv_text.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

namespace lrscope::engine::detail {

namespace {

bool isBlank(char c, char delimiter) {
  return (c == ' ' || c == '\t') && c != delimiter;
}

} // namespace

CsvSplitter::CsvSplitter(std::string_view text, char delimiter, std::string fileName)
    : m_text(text), m_delimiter(delimiter), m_fileName(std::move(fileName)) {}

std::optional<CsvRecord> CsvSplitter::next() {
  while (m_pos < m_text.size()) {
    CsvRecord record = readRecord();
    const bool empty =
        record.fields.size() == 1 && !m_lastFieldQuoted && trimmed(record.fields.front()).empty();
    if (!empty) {
      return record;
    }
  }
  return std::nullopt;
}

bool CsvSplitter::atLineEnd() const {
  return m_pos >= m_text.size() || m_text[m_pos] == '\n' || m_text[m_pos] == '\r';
}

void CsvSplitter::skipLineEnd() {
  if (m_pos < m_text.size() && m_text[m_pos] == '\r') {
    ++m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] == '\n') {
      ++m_pos;
    }
  } else if (m_pos < m_text.size() && m_text[m_pos] == '\n') {
    ++m_pos;
  }
  ++m_line;
}

CsvRecord CsvSplitter::readRecord() {
  CsvRecord record;
  record.line = m_line;
  for (;;) {
    record.fields.push_back(readField(record));
    if (atLineEnd()) {
      skipLineEnd();
      return record;
    }
    ++m_pos; // the delimiter
  }
}

std::string CsvSplitter::readField(const CsvRecord& record) {
  std::size_t start = m_pos;
  while (start < m_text.size() && isBlank(m_text[start], m_delimiter)) {
    ++start;
  }
  if (start < m_text.size() && m_text[start] == '"') {
    m_pos = start + 1;
    m_lastFieldQuoted = true;
    return readQuoted(record);
  }
  m_lastFieldQuoted = false;
  std::string field;
  while (!atLineEnd() && m_text[m_pos] != m_delimiter) {
    field += m_text[m_pos++];
  }
  return field;
}

std::string CsvSplitter::readQuoted(const CsvRecord& record) {
  std::string field;
  for (;;) {
    if (m_pos >= m_text.size()) {
      throw InputError(m_fileName + ":" + std::to_string(record.line) + ": column " +
                       std::to_string(record.fields.size() + 1) +
                       ": a quoted field is never closed; add the closing \"");
    }
    const char c = m_text[m_pos++];
    if (c == '"') {
      if (m_pos < m_text.size() && m_text[m_pos] == '"') {
        field += '"';
        ++m_pos;
        continue;
      }
      break;
    }
    if (c == '\n' || (c == '\r' && (m_pos >= m_text.size() || m_text[m_pos] != '\n'))) {
      ++m_line;
    }
    field += c;
  }
  while (m_pos < m_text.size() && isBlank(m_text[m_pos], m_delimiter)) {
    ++m_pos;
  }
  if (!atLineEnd() && m_text[m_pos] != m_delimiter) {
    throw InputError(m_fileName + ":" + std::to_string(m_line) + ": column " +
                     std::to_string(record.fields.size() + 1) +
                     ": unexpected text after a closing quote; write a quote inside a quoted "
                     "field as \"\"");
  }
  return field;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

NumberStatus parseNumber(std::string_view text, double& value) {
  text = trimmed(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-' || text.front() == '+') {
      return NumberStatus::NotANumber;
    }
  }
  if (text.empty()) {
    return NumberStatus::NotANumber;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) {
    return NumberStatus::NotANumber;
  }
  if (error == std::errc::result_out_of_range) {
    return NumberStatus::OutOfRange;
  }
  if (error != std::errc{}) {
    return NumberStatus::NotANumber;
  }
  return std::isfinite(value) ? NumberStatus::Ok : NumberStatus::NotFinite;
}

std::string readText(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    throw InputError(file.string() + ": file not found");
  }
  rememberInputFile(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InputError(file.string() + ": cannot open the file for reading; check its permissions");
  }
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    text.erase(0, 3); // UTF-8 byte order mark
  }
  return text;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i ? ", " : "") + names[i];
  }
  return text;
}

} // namespace lrscope::engine::detail
