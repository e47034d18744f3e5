// The bash completion is written from the command line's definition: every visible subcommand
// and flag, which flags take a value, nothing hidden.
#include "cli/completion_command.h"

#include <gtest/gtest.h>

namespace lrscope::cli {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BashCompletion, NamesVisibleSubcommandsAndFlagsAndWhichTakeAValue) {
  CLI::App app{"A tool", "tool"};
  std::string data, secret, out;
  bool quiet = false;
  CLI::App* run = app.add_subcommand("run", "Runs something");
  run->add_option("--data", data, "data to read");
  run->add_flag("--quiet,-q", quiet, "say less");
  run->add_option("--secret", secret, "not for users")->group("");
  CLI::App* nested = run->add_subcommand("inner", "A subcommand of run");
  nested->add_option("--out", out, "where to write");
  app.add_subcommand("internal", "Not for users")->group("");

  const std::string script = bashCompletion(app);
  EXPECT_TRUE(has(script, "[tool]='run'")) << script;
  EXPECT_TRUE(has(script, "[tool/run]='inner'")) << script;
  EXPECT_TRUE(has(script, "[tool/run]='--help -h --data --quiet -q'")) << script;
  EXPECT_TRUE(has(script, "[tool/run]='--data'")) << script; // what takes a value
  EXPECT_TRUE(has(script, "[tool/run/inner]='--out'")) << script;
  EXPECT_FALSE(has(script, "--secret")) << script;
  EXPECT_FALSE(has(script, "internal")) << script;
  EXPECT_TRUE(has(script, "complete -F _tool tool")) << script;
}

TEST(BashCompletion, SlurmFindCompletesSlurmsFlagsAndFindsOnce) {
  CLI::App app{"LR Scope", "lrscope"};
  int repeats = 0, tasks = 0;
  bool json = false;
  CLI::App* find = app.add_subcommand("find", "A range test");
  find->add_option("--repeats", repeats, "repeats");
  find->add_flag("--json", json, "JSON");
  CLI::App* slurm = app.add_subcommand("slurm", "On a cluster");
  slurm->add_option("--tasks", tasks, "tasks");
  slurm->add_flag("--json", json, "JSON");

  const std::string script = bashCompletion(app);
  EXPECT_TRUE(has(script, "[lrscope/slurm]='find'")) << script; // audit and sweep: not here
  EXPECT_TRUE(has(script, "[lrscope/slurm/find]='--help -h --tasks --json --repeats'")) << script;
  EXPECT_TRUE(has(script, "[lrscope/slurm/find]='--tasks --repeats'")) << script;
}

} // namespace
} // namespace lrscope::cli
