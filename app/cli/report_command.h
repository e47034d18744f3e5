#pragma once

// lrscope report: the command line's side of reports. The options are parsed here, with the
// other subcommands; the report itself is drawn by the desktop app's library (Qt), which
// app/main.cpp plugs in with setReportWriter. Without the app, the command says so.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lrscope::cli {

struct ReportArguments {
  std::vector<int64_t> runIds;
  std::string pdf;
  std::string html;
  std::string pageSize = "a4";
  std::filesystem::path database;
};

/// Writes the report files; returns the PDF's page count (0 without a PDF). Throws with a
/// one-line message.
using ReportWriter = std::function<int(const ReportArguments&)>;

/// Plugs in what draws reports (the desktop app's library).
void setReportWriter(ReportWriter writer);

/// Adds `report RUN... --pdf FILE --html FILE [--page-size a4|letter] [--db PATH]`.
void addReportCommand(CLI::App& app);

} // namespace lrscope::cli
