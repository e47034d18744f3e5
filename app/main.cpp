// lrscope: a subcommand runs the headless command line (no display needed); no subcommand
// opens the desktop app.
#include "cli/cli_main.h"

#ifdef LRSCOPE_WITH_APP
#include "cli/report_command.h"
#include "lrscope/ui/desktop_app.h"
#include "lrscope/ui/report.h"
#endif

#include <iostream>

int main(int argc, char** argv) {
#ifdef LRSCOPE_WITH_APP
  // `lrscope report` parses its options with the other subcommands; the app's library draws.
  lrscope::cli::setReportWriter([](const lrscope::cli::ReportArguments& arguments) {
    return lrscope::ui::writeReportFiles({arguments.database, arguments.runIds, arguments.pdf,
                                          arguments.html, arguments.pageSize})
        .pdfPages;
  });
#endif
  if (lrscope::cli::isCommandLineInvocation(argc, argv))
    return lrscope::cli::runCommandLine(argc, argv);
#ifdef LRSCOPE_WITH_APP
  return lrscope::ui::runDesktopApp(argc, argv);
#else
  std::cerr << "lrscope was built without the desktop app; run a subcommand (lrscope --help)\n";
  return 2;
#endif
}
