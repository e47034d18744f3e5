#include "cli/completion_command.h"

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

/// The commands that run another one with its flags, parsed as extras (`lrscope slurm find
/// --repeats 8 --tasks 4`): after the other one's name, both commands' flags complete.
const std::vector<std::pair<std::string, std::vector<std::string>>> kRunsOthers = {
    {"slurm", {"find", "audit", "sweep"}}};

CommandWords* named(std::vector<CommandWords>& commands, const std::string& path) {
  for (CommandWords& command : commands)
    if (command.path == path)
      return &command;
  return nullptr;
}

void addRunsOthers(const std::string& root, std::vector<CommandWords>& commands) {
  for (const auto& [runner, others] : kRunsOthers)
    for (const std::string& other : others) {
      CommandWords* outer = named(commands, root + "/" + runner);
      const CommandWords* inner = named(commands, root + "/" + other);
      if (outer == nullptr || inner == nullptr)
        continue;
      CommandWords both = *outer;
      both.path += "/" + other;
      both.subcommands.clear();
      both.flags.insert(both.flags.end(), inner->flags.begin(), inner->flags.end());
      both.valued.insert(both.valued.end(), inner->valued.begin(), inner->valued.end());
      outer->subcommands.push_back(other);
      commands.push_back(std::move(both)); // last: it moves the others
    }
}

} // namespace

std::string bashCompletion(const CLI::App& app) {
  std::vector<CommandWords> commands;
  collect(app, app.get_name(), commands);
  addRunsOthers(app.get_name(), commands);
  std::ostringstream out;
  out << "# bash completion for " << app.get_name() << ", written by `" << app.get_name()
      << " completion bash` from its own command line (" << app.get_name() << " " << LRSCOPE_VERSION
      << ").\n"
      << "_" << app.get_name() << "() {\n"
      << "  local cur prev words cword\n"
      << "  _init_completion || return\n"
      << "  # The command typed so far: each word that names a subcommand of the last one.\n"
      << "  local node=" << app.get_name() << " i\n"
      << "  for ((i = 1; i < cword; i++)); do\n"
      << "    case \"$node/${words[i]}\" in\n";
  for (const CommandWords& command : commands)
    for (const std::string& sub : command.subcommands)
      out << "      " << command.path << "/" << sub << ") node=" << command.path << "/" << sub
          << " ;;\n";
  out << "    esac\n"
      << "  done\n"
      << "  local subcommands='' flags='' valued=''\n"
      << "  case $node in\n";
  for (const CommandWords& command : commands)
    out << "    " << command.path << ")\n"
        << "      subcommands='" << joined(command.subcommands) << "'\n"
        << "      flags='" << joined(command.flags) << "'\n"
        << "      valued='" << joined(command.valued) << "' ;;\n";
  out << "  esac\n"
      << "  if [[ \" $valued \" == *\" $prev \"* ]]; then\n"
      << "    _filedir # a flag's value: most are files and folders\n"
      << "  elif [[ $cur == -* ]]; then\n"
      << "    mapfile -t COMPREPLY < <(compgen -W \"$flags\" -- \"$cur\")\n"
      << "  elif [[ -n $subcommands ]]; then\n"
      << "    mapfile -t COMPREPLY < <(compgen -W \"$subcommands\" -- \"$cur\")\n"
      << "  else\n"
      << "    _filedir # arguments: files to import, merge or read\n"
      << "  fi\n"
      << "}\n"
      << "complete -F _" << app.get_name() << " " << app.get_name() << "\n";
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
