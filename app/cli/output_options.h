#pragma once

#include <filesystem>
#include <string>

namespace CLI {
class App;
class Option;
} // namespace CLI

// Where a command stores its runs and how it prints: the flags that find, train, sweep and
// audit share, and the --db of every command that reads a database.
namespace lrscope::cli {

struct OutputOptions {
  std::string database; ///< empty: the default database
  std::string experiment = "default";
  bool noStore = false;
  bool json = false;
  bool quiet = false;

  /// Progress lines on stderr: neither --quiet nor --json was given.
  [[nodiscard]] bool printsProgress() const { return !quiet && !json; }
};

/// The database a command reads and stores in: the one given, or RunDatabase::defaultPath().
[[nodiscard]] std::filesystem::path databasePath(const std::string& given);

/// Registers --db; its help is `role` and the default database's path.
CLI::Option* addDatabaseOption(CLI::App* cmd, std::string& target,
                               const std::string& role = "database");

/// Registers --db, --experiment (when `withExperiment`), --no-store, --json and --quiet;
/// `stored` names what the command stores ("the run", "the runs"). Register --from-run first:
/// --db's help then says that it is read from the same database.
void addOutputOptions(CLI::App* cmd, OutputOptions& options, const std::string& stored,
                      bool withExperiment = true);

} // namespace lrscope::cli
