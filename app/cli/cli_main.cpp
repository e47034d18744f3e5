#include "cli/cli_main.h"

#include "cli/commands.h"
#include "cli/completion_command.h"
#include "cli/report_command.h"
#include "cli/whole_numbers.h"

#include "lrscope/engine/message_text.h"

#include <CLI/CLI.hpp>

#include <cstring>
#include <iostream>
#include <string>

namespace lrscope::cli {

bool isCommandLineInvocation(int argc, const char* const* argv) {
  if (argc < 2)
    return false;
  const char* first = argv[1];
  return first[0] != '-' || std::strcmp(first, "--help") == 0 || std::strcmp(first, "-h") == 0 ||
         std::strcmp(first, "--version") == 0;
}

int runCommandLine(int argc, const char* const* argv) {
  CLI::App app{"LR Scope: find and use a neural network's learning rate.\n"
               "Without a subcommand, lrscope opens the desktop app.",
               "lrscope"};
  app.set_version_flag("--version", std::string("lrscope ") + LRSCOPE_VERSION);
  app.require_subcommand(1);
  addFindCommand(app);
  addTrainCommand(app);
  addSweepCommand(app);
  addAuditCommand(app);
  addAuditMatrixCommand(app);
  addSuggestCommand(app);
  addBenchCommand(app);
  addStorageCommands(app);
  addReportCommand(app);
  addSlurmCommand(app);
  addCompletionCommand(app); // last: it completes every subcommand above
  requireDecimalWholeNumbers(app);
  if (argc > 1 && argv[1][0] != '-') {
    const std::string name = argv[1];
    bool known = false;
    std::string names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || sub->get_name() == name;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "lrscope: unknown subcommand '" << name << "' (use one of " << names
                << "; see lrscope --help)\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code(); // the command has already said what happened
  } catch (const CLI::ParseError& e) {
    std::cerr << "lrscope: " << engine::excerpt(e.what(), engine::kMessageChars)
              << " (see lrscope --help)\n";
    return 2;
  } catch (const std::exception& e) { // InputError, StorageError: already one line
    std::cerr << "lrscope: error: " << engine::excerpt(e.what(), engine::kMessageChars) << "\n";
    return 1;
  }
  return 0;
}

} // namespace lrscope::cli
