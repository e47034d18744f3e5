// lrscope: a subcommand runs the headless command line (no display needed); no subcommand
// opens the desktop app.
#include "cli/cli_main.h"

#ifdef LRSCOPE_WITH_APP
#include "lrscope/ui/desktop_app.h"
#endif

#include <iostream>

int main(int argc, char** argv) {
  if (lrscope::cli::isCommandLineInvocation(argc, argv))
    return lrscope::cli::runCommandLine(argc, argv);
#ifdef LRSCOPE_WITH_APP
  return lrscope::ui::runDesktopApp(argc, argv);
#else
  std::cerr << "lrscope was built without the desktop app; run a subcommand (lrscope --help)\n";
  return 2;
#endif
}
