#pragma once

// Text helpers shared by the readers of delimited text files (csv_reader.cpp, curve_file.cpp).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrscope::engine::detail {

struct CsvRecord {
  int64_t line = 0; ///< 1-based line on which the record starts
  std::vector<std::string> fields;
};

/// Splits CSV text into records. Quoted fields may hold delimiters, doubled quotes and line
/// breaks; lines holding nothing but blanks are skipped. Borrows `text`, which must outlive it.
class CsvSplitter {
public:
  CsvSplitter(std::string_view text, char delimiter, std::string fileName);

  /// The next non-empty record, or nothing at the end of the text. Throws InputError naming
  /// the file, line and column at a quoted field that is never closed or has text after it.
  [[nodiscard]] std::optional<CsvRecord> next();

private:
  bool atLineEnd() const;
  void skipLineEnd();
  CsvRecord readRecord();
  std::string readField(const CsvRecord& record);
  std::string readQuoted(const CsvRecord& record);

  std::string_view m_text;
  char m_delimiter;
  std::string m_fileName;
  std::size_t m_pos = 0;
  int64_t m_line = 1;
  bool m_lastFieldQuoted = false;
};

/// `text` without the spaces and tabs at either end.
[[nodiscard]] std::string_view trimmed(std::string_view text);

enum class NumberStatus {
  Ok,         ///< a finite double
  NotANumber, ///< not a number at all
  NotFinite,  ///< "nan", "inf", "infinity" in any case and sign; `value` holds it
  OutOfRange, ///< a number too large or too small for a double; `value` is unchanged
};

/// Parses a whole cell as a double, independent of the locale and correctly rounded; blanks
/// around it are allowed.
[[nodiscard]] NumberStatus parseNumber(std::string_view text, double& value);

/// The whole file as text, without a UTF-8 byte order mark. Throws InputError naming the file
/// when it is missing or cannot be opened.
[[nodiscard]] std::string readText(const std::filesystem::path& file);

/// "a, b, c".
[[nodiscard]] std::string joined(const std::vector<std::string>& names);

} // namespace lrscope::engine::detail
