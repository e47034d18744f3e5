#pragma once

// Reports (PDF and self-contained HTML) of stored runs, for the command line (`lrscope
// report`); the app's File > Export report... writes the same files.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::ui {

/// Which report to write, and where.
struct ReportFiles {
  std::filesystem::path database;
  std::vector<int64_t> runIds; ///< one run, or several to compare, in this order
  std::filesystem::path pdf;   ///< empty: no PDF
  std::filesystem::path html;  ///< empty: no HTML
  std::string pageSize = "a4"; ///< of the PDF: "a4" or "letter"
};

struct ReportWritten {
  int pdfPages = 0;
};

/// Writes the report files, each through a temporary file beside it and a rename: a failure
/// leaves no file half-written. Creates the QApplication it needs when there is none (offscreen
/// unless QT_QPA_PLATFORM says otherwise; no display needed). Throws StorageError (no such run,
/// unreadable database) or InputError (no run, no file asked for, a file that cannot be
/// written), each one line.
[[nodiscard]] ReportWritten writeReportFiles(const ReportFiles& request);

} // namespace lrscope::ui
