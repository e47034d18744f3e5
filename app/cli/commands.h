#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace lrscope::cli {

/// Each function adds its subcommand to the app; the subcommand's callback runs it and
/// throws (InputError, CLI::RuntimeError) to report failure.
void addFindCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addSweepCommand(CLI::App& app);
/// audit: the suggested range against a grid of peak LRs, trained in full.
void addAuditCommand(CLI::App& app);
/// audit-matrix: a fixed-grid audit per data set x model x optimizer, every rule scored.
void addAuditMatrixCommand(CLI::App& app);
void addSuggestCommand(CLI::App& app);
void addBenchCommand(CLI::App& app);
/// runs, show, rm: the stored runs of a database.
void addStorageCommands(CLI::App& app);
/// slurm: a repeated range test as a Slurm job array and the merge after it.
void addSlurmCommand(CLI::App& app);

/// Prints a stored run as `lrscope show ID [--json]` does.
void showRun(const std::string& database, int64_t runId, bool json);

} // namespace lrscope::cli
