// lrscope report: its options, and the call into the report writer app/main.cpp plugged in.
#include "cli/report_command.h"

#include "cli/output_options.h"
#include "cli/subcommand.h"

#include "lrscope/engine/input_error.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace lrscope::cli {
namespace {

ReportWriter& reportWriter() {
  static ReportWriter writer;
  return writer;
}

struct ReportOptions {
  std::vector<int64_t> runIds;
  std::string pdf;
  std::string html;
  std::string pageSize = "a4";
  std::string database;
};

void runReport(const ReportOptions& options) {
  if (!reportWriter())
    throw engine::InputError("this lrscope was built without the desktop app, which draws "
                             "reports; build it with -DLRSCOPE_BUILD_APP=ON");
  if (options.pdf.empty() && options.html.empty())
    throw engine::InputError("report needs --pdf FILE or --html FILE (or both)");
  ReportArguments arguments;
  arguments.runIds = options.runIds;
  arguments.pdf = options.pdf;
  arguments.html = options.html;
  arguments.pageSize = options.pageSize;
  arguments.database = databasePath(options.database);
  const int pages = reportWriter()(arguments);
  std::string runs;
  for (const int64_t id : options.runIds)
    runs += (runs.empty() ? "" : ", ") + std::to_string(id);
  const std::string of = (options.runIds.size() == 1 ? "run " : "runs ") + runs;
  if (!options.pdf.empty())
    std::cout << "wrote the report of " << of << " to " << options.pdf << " (" << pages << " page"
              << (pages == 1 ? "" : "s") << ", " << options.pageSize << ")\n";
  if (!options.html.empty())
    std::cout << "wrote the report of " << of << " to " << options.html << "\n";
}

} // namespace

void setReportWriter(ReportWriter writer) {
  reportWriter() = std::move(writer);
}

void addReportCommand(CLI::App& app) {
  const auto [cmd, options] =
      addSubcommand(app, "report",
                    "Write a report of one run, or a comparison of several, as PDF and/or a "
                    "self-contained HTML file",
                    runReport);
  cmd->add_option("runs", options->runIds, "run ids (see lrscope runs); several are compared")
      ->required();
  cmd->add_option("--pdf", options->pdf, "write the report as PDF to FILE");
  cmd->add_option("--html", options->html, "write the report as one self-contained HTML FILE");
  cmd->add_option("--page-size", options->pageSize, "page size of the PDF")
      ->transform(CLI::IsMember({"a4", "letter"}, CLI::ignore_case))
      ->capture_default_str();
  addDatabaseOption(cmd, options->database);
}

} // namespace lrscope::cli
