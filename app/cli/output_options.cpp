#include "cli/output_options.h"

#include "lrscope/storage/run_database.h"

#include <CLI/CLI.hpp>

namespace lrscope::cli {

std::filesystem::path databasePath(const std::string& given) {
  return given.empty() ? storage::RunDatabase::defaultPath() : std::filesystem::path(given);
}

CLI::Option* addDatabaseOption(CLI::App* cmd, std::string& target, const std::string& role) {
  return cmd->add_option("--db", target,
                         role + " (default " + storage::RunDatabase::defaultPath().string() + ")");
}

void addOutputOptions(CLI::App* cmd, OutputOptions& options, const std::string& stored,
                      bool withExperiment) {
  const bool fromRun = cmd->get_option_no_throw("--from-run") != nullptr;
  addDatabaseOption(cmd, options.database,
                    fromRun ? "database of --from-run and of " + stored
                            : "database that stores " + stored);
  if (withExperiment)
    cmd->add_option("--experiment", options.experiment, "experiment to file " + stored + " under")
        ->capture_default_str();
  cmd->add_flag("--no-store", options.noStore, "do not store " + stored);
  cmd->add_flag("--json", options.json, "print the result as JSON");
  cmd->add_flag("--quiet,-q", options.quiet, "no progress lines on stderr");
}

} // namespace lrscope::cli
