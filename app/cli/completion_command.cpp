#include "cli/completion_command.h"
#include "cli/slurm_scripts.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

namespace lrscope::cli {
namespace {

/// The subcommands a user may type (hidden ones have no group).
std::vector<const CLI::App*> visibleSubcommands(const CLI::App& app) {
  std::vector<const CLI::App*> visible;
  for (const CLI::App* sub : app.get_subcommands({}))
    if (!sub->get_group().empty())
      visible.push_back(sub);
  return visible;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words)
    text += (text.empty() ? "" : " ") + word;
  return text;
}

/// One command of the tree, its path ("lrscope/slurm/find") naming it in the script.
struct CommandWords {
  std::string path;
  std::vector<std::string> subcommands;
  std::vector<std::string> flags;
  std::vector<std::string> valued; ///< the flags that take a value
};

void collect(const CLI::App& app, const std::string& path, std::vector<CommandWords>& out) {
  CommandWords words;
  words.path = path;
  for (const CLI::App* sub : visibleSubcommands(app))
    words.subcommands.push_back(sub->get_name());
  for (const CLI::Option* option : app.get_options({})) {
    if (!option->nonpositional() || option->get_group().empty())
      continue;
    std::vector<std::string> names;
    for (const std::string& name : option->get_lnames())
      names.push_back("--" + name);
    for (const std::string& name : option->get_snames())
      names.push_back("-" + name);
    for (const std::string& name : names) {
      words.flags.push_back(name);
      if (option->get_expected_max() > 0)
        words.valued.push_back(name);
    }
  }
  out.push_back(words);
  for (const CLI::App* sub : visibleSubcommands(app))
    collect(*sub, path + "/" + sub->get_name(), out);
}

/// A command that runs others, given as extras with their flags (`lrscope slurm find --repeats
/// 8 --tasks 4`): after one of those names, both commands' flags complete.
struct RunsOthers {
  std::string runner;
  std::vector<std::string> others;
};

std::vector<RunsOthers> commandsThatRunOthers() {
  RunsOthers slurm{"slurm", {}};
  for (const SlurmJobKind kind : kSlurmJobKinds)
    slurm.others.push_back(toString(kind));
  return {slurm};
}

CommandWords* named(std::vector<CommandWords>& commands, const std::string& path) {
  for (CommandWords& command : commands)
    if (command.path == path)
      return &command;
  return nullptr;
}

void addRunsOthers(const std::string& root, std::vector<CommandWords>& commands) {
  for (const RunsOthers& runs : commandsThatRunOthers())
    for (const std::string& other : runs.others) {
      CommandWords* outer = named(commands, root + "/" + runs.runner);
      const CommandWords* inner = named(commands, root + "/" + other);
      if (outer == nullptr || inner == nullptr)
        continue;
      CommandWords both = *outer;
      both.path += "/" + other;
      both.subcommands.clear();
      for (const std::string& flag : inner->flags) // --help, --json: once
        if (std::find(both.flags.begin(), both.flags.end(), flag) == both.flags.end())
          both.flags.push_back(flag);
      for (const std::string& flag : inner->valued)
        if (std::find(both.valued.begin(), both.valued.end(), flag) == both.valued.end())
          both.valued.push_back(flag);
      outer->subcommands.push_back(other);
      commands.push_back(std::move(both)); // last: it moves the others
    }
}

/// `declare -A`'s entries: [path]='words'.
std::string table(const std::vector<CommandWords>& commands,
                  std::vector<std::string> CommandWords::*words) {
  std::string text;
  for (const CommandWords& command : commands)
    text += "\n    [" + command.path + "]='" + joined(command.*words) + "'";
  return text;
}

} // namespace

std::string bashCompletion(const CLI::App& app) {
  std::vector<CommandWords> commands;
  collect(app, app.get_name(), commands);
  addRunsOthers(app.get_name(), commands);
  const std::string name = app.get_name();
  std::ostringstream out;
  out << "# bash completion for " << name << ", written by `" << name
      << " completion bash` from its own command line (" << name << " " << LRSCOPE_VERSION << ").\n"
      << "_" << name << "() {\n"
      << "  local cur prev words cword\n"
      << "  _init_completion || return\n"
      << "  # Each command by its path: its subcommands, its flags, the flags that take a value.\n"
      << "  local -A subcommands=(" << table(commands, &CommandWords::subcommands) << ")\n"
      << "  local -A flags=(" << table(commands, &CommandWords::flags) << ")\n"
      << "  local -A valued=(" << table(commands, &CommandWords::valued) << ")\n"
      << "  # The command typed so far: each word that names a subcommand of the last one, but\n"
      << "  # not a flag's value.\n"
      << "  local node=" << name << " i\n"
      << "  for ((i = 1; i < cword; i++)); do\n"
      << "    [[ \" ${valued[$node]} \" == *\" ${words[i - 1]} \"* ]] && continue\n"
      << "    [[ \" ${subcommands[$node]} \" == *\" ${words[i]} \"* ]] && node=$node/${words[i]}\n"
      << "  done\n"
      << "  if [[ \" ${valued[$node]} \" == *\" $prev \"* ]]; then\n"
      << "    _filedir # a flag's value: most are files and folders\n"
      << "  elif [[ $cur == -* ]]; then\n"
      << "    mapfile -t COMPREPLY < <(compgen -W \"${flags[$node]}\" -- \"$cur\")\n"
      << "  elif [[ -n ${subcommands[$node]} ]]; then\n"
      << "    mapfile -t COMPREPLY < <(compgen -W \"${subcommands[$node]}\" -- \"$cur\")\n"
      << "  else\n"
      << "    _filedir # arguments: files to import, merge or read\n"
      << "  fi\n"
      << "}\n"
      << "complete -F _" << name << " " << name << "\n";
  return out.str();
}

void addCompletionCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print the bash completion of lrscope's subcommands and flags (Debian's "
                    "package installs it; otherwise: source <(lrscope completion bash))");
  auto shell = std::make_shared<std::string>();
  cmd->add_option("shell", *shell, "The shell to complete in")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  const CLI::App* root = &app;
  cmd->callback([root, shell] { std::cout << bashCompletion(*root); });
}

} // namespace lrscope::cli
