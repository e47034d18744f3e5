#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <utility>

namespace lrscope::cli {

/// Adds the subcommand `name`, whose callback calls run(arguments) once its flags have filled
/// the arguments in. Returns the subcommand and the arguments to register its flags on; both
/// live as long as `app`, even when the callback is replaced (lrscope slurm parses a command
/// without running it).
template <typename Arguments>
std::pair<CLI::App*, Arguments*> addSubcommand(CLI::App& app, const std::string& name,
                                               const std::string& description,
                                               void (*run)(const Arguments&)) {
  auto arguments = std::make_shared<Arguments>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->callback([arguments, run] { run(*arguments); });
  cmd->preparse_callback([arguments](std::size_t) {}); // a second owner of the arguments
  return {cmd, arguments.get()};
}

} // namespace lrscope::cli
