// readCsvTable on one file, with the options in the input's first line: TASK DELIMITER LABEL,
// e.g. "c,species" (classification, ',' and label column "species") or "r;price" (regression,
// ';'). The rest of the input is the CSV file.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t lineEnd = input.find('\n');
  if (lineEnd == std::string_view::npos || lineEnd < 2) {
    return -1; // no options line: not worth adding to the corpus
  }
  lrscope::engine::CsvOptions options;
  options.task = input[0] == 'r' ? lrscope::engine::TaskKind::Regression
                                 : lrscope::engine::TaskKind::Classification;
  options.delimiter = input[1];
  options.labelColumn = std::string(input.substr(2, lineEnd - 2));
  const auto file = dir.write("table.csv", data + lineEnd + 1, size - lineEnd - 1);
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::readCsvTable(file, options); });
  return 0;
}
