#include "cli/commands.h"

#include "lrscope/engine/benchmark.h"
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/sampling.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace lrscope::cli {
namespace {

struct BenchArguments {
  int iterations = 200;
  int repeats = 3;
  int64_t sample = 6000;
  bool json = false;
};

void runBench(const BenchArguments& args) {
  const engine::DataSplits splits = engine::loadData({"fashion-mnist", "", {}});
  const engine::SampleSplit split = engine::drawSample(splits.train, {args.sample, 0.0, 0, 1});
  engine::Dataset sample = splits.train.subset(split.sample);
  engine::Normalization::compute(sample).apply(sample);

  engine::BenchmarkOptions options;
  options.iterations = args.iterations;
  options.repeats = args.repeats;
  const std::vector<std::pair<std::string, engine::ModelSpec>> models{
      {"mlp", engine::ModelSpec{"mlp", {256}}}, {"cnn", engine::ModelSpec{"cnn", {}}}};

  nlohmann::json json = nlohmann::json::object();
  if (!args.json)
    std::printf("Fashion-MNIST sample of %lld, batch %d, %d iterations, median of %d rounds\n"
                "%-6s %22s %16s %8s\n",
                static_cast<long long>(sample.size()), options.batchSize, options.iterations,
                options.repeats, "model", "range test ms/iter", "bare step ms", "ratio");
  for (const auto& [key, spec] : models) {
    const engine::BenchmarkResult r = engine::benchmarkModel(spec, sample, options);
    json[key] = {{"range_test_ms_per_iter", r.rangeTestMsPerIter},
                 {"bare_step_ms", r.bareStepMsPerIter}};
    if (!args.json) {
      std::printf("%-6s %22.3f %16.3f %8.3f\n", key.c_str(), r.rangeTestMsPerIter,
                  r.bareStepMsPerIter, r.rangeTestMsPerIter / r.bareStepMsPerIter);
      std::fflush(stdout);
    }
  }
  if (args.json)
    std::cout << json.dump(2) << "\n";
}

} // namespace

void addBenchCommand(CLI::App& app) {
  auto args = std::make_shared<BenchArguments>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Time the range test against a bare training step (MLP 784-256-10 and the small "
               "CNN on a Fashion-MNIST sample)");
  cmd->add_option("--iters", args->iterations, "iterations per round")
      ->default_val(200)
      ->check(CLI::Range(5, 100000));
  cmd->add_option("--repeats", args->repeats, "alternating rounds; the median is reported")
      ->default_val(3)
      ->check(CLI::Range(1, 100));
  cmd->add_option("--sample", args->sample, "sample size")
      ->default_val(6000)
      ->check(CLI::Range(64, 60000));
  cmd->add_flag("--json", args->json, "print {\"mlp\": {...}, \"cnn\": {...}} as JSON");
  cmd->callback([args] { runBench(*args); });
}

} // namespace lrscope::cli
