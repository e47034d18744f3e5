#pragma once

// `lrscope completion bash`: bash completion written from the command line's own definition, so
// it names every subcommand and flag there is and never drifts from them.
#include <CLI/CLI.hpp>

#include <string>

namespace lrscope::cli {

/// A bash script that completes `lrscope`'s subcommands (at any depth: `slurm find`) and, after
/// a subcommand, its flags; after a flag that takes a value, file and folder names. Hidden
/// subcommands and flags (no group) are left out.
[[nodiscard]] std::string bashCompletion(const CLI::App& app);

/// Adds `completion SHELL` to `app`, printing the completion of `app` as it is when parsed (add
/// it after every other subcommand). bash is the one shell it writes.
void addCompletionCommand(CLI::App& app);

} // namespace lrscope::cli
