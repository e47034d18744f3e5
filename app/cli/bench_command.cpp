#include "cli/commands.h"
#include "cli/curve_bench.h"
#include "cli/image_bench.h"
#include "cli/jobs_bench.h"
#include "cli/run_options.h"
#include "cli/storage_bench.h"
#include "cli/training_bench.h"

#include "lrscope/engine/benchmark.h"
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

/// Issue 3: storing the steps may slow the range test by at most 3 %.
constexpr double kStoredRatioTarget = 1.03;

struct BenchArguments {
  int iterations = 200;
  int repeats = 3;
  int64_t sample = 6000;
  bool json = false;
  bool noStore = false;
  bool storage = false;
  bool training = false;
  bool curves = false;
  bool jobs = false;
  std::string images;    ///< an image folder to time loading, with and without the cache
  std::string imageSize; ///< the size it is decoded to; empty: the files' own
  std::string dir;
  std::string keepDb;
  std::optional<std::string> device;
};

const char* verdict(bool pass) {
  return pass ? "PASS" : "MISS";
}

/// "< 50", ">= 300000": a target as the tables show it.
std::string target(const char* comparison, double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%s %.0f", comparison, value);
  return text;
}

/// The stored rounds of `lrscope bench`: a new run per round in the bench's database, its
/// steps written by a RunWriter as `lrscope find --db` writes them.
class StoredRounds : public engine::BenchmarkStore {
public:
  explicit StoredRounds(const std::filesystem::path& file) : m_database(file) {}

  /// What the next rounds' runs record as their model and config.
  void describe(const engine::ModelSpec& model, int iterations) {
    engine::FindConfig config;
    config.model = model;
    config.rangeTest.iterations = iterations;
    m_run.configJson = engine::toJson(config).dump();
    m_run.dataset = config.data.source;
    m_run.model = model.name;
  }

  engine::RunObserver& startRound() override {
    m_writer.reset();
    m_writer = std::make_unique<storage::RunWriter>(m_database, m_database.createRun(m_run));
    return *m_writer;
  }

  void finishRound(const engine::RangeTestResult& result, double seconds) override {
    m_writer->finish(result.status, result.message, seconds);
    m_writer.reset();
  }

private:
  storage::RunDatabase m_database;
  storage::NewRun m_run;
  std::unique_ptr<storage::RunWriter> m_writer;
};

void runRangeTestBench(const BenchArguments& args, const engine::Device& device) {
  const engine::DataSplits splits = engine::loadData({"fashion-mnist", "", {}});
  const engine::SampleSplit split = engine::drawSample(splits.train, {args.sample, 0.0, 0, 1});
  engine::Dataset sample = splits.train.subset(split.sample);
  engine::Normalization::compute(sample).apply(sample);

  std::unique_ptr<BenchFolder> folder;
  std::unique_ptr<StoredRounds> store;
  if (!args.noStore) {
    folder = std::make_unique<BenchFolder>(args.dir);
    store = std::make_unique<StoredRounds>(folder->file("bench.db"));
  }
  engine::BenchmarkOptions options;
  options.iterations = args.iterations;
  options.repeats = args.repeats;
  options.store = store.get();
  const std::vector<std::pair<std::string, engine::ModelSpec>> models{
      {"mlp", engine::ModelSpec{"mlp", {256}, device, {}}},
      {"cnn", engine::ModelSpec{"cnn", {}, device, {}}}};

  nlohmann::json json = nlohmann::json::object();
  if (!args.json) {
    std::printf("Fashion-MNIST sample of %lld, batch %d, %d iterations, median of %d rounds\n",
                static_cast<long long>(sample.size()), options.batchSize, options.iterations,
                options.repeats);
    if (store)
      std::printf("stored: a RunWriter on a new run per round in %s (%s)\n", folder->path().c_str(),
                  folder->fileSystem().c_str());
    std::printf("%-6s %22s %16s %8s", "model", "range test ms/iter", "bare step ms", "ratio");
    if (store)
      std::printf(" %16s %10s %13s  %s", "stored ms/iter", "in store", "stored/plain", "target");
    std::printf("\n");
  }
  for (const auto& [key, spec] : models) {
    if (store)
      store->describe(spec, options.iterations);
    const engine::BenchmarkResult r = engine::benchmarkModel(spec, sample, options);
    json[key] = {{"range_test_ms_per_iter", r.rangeTestMsPerIter},
                 {"bare_step_ms", r.bareStepMsPerIter}};
    const bool pass = r.storedRatio && *r.storedRatio <= kStoredRatioTarget;
    if (r.storedRatio) {
      json[key]["stored_range_test_ms_per_iter"] = *r.storedRangeTestMsPerIter;
      json[key]["store_ms_per_iter"] = *r.storeMsPerIter;
      json[key]["stored_ratio"] = *r.storedRatio;
      json[key]["stored_ratio_target"] = kStoredRatioTarget;
      json[key]["stored_pass"] = pass;
    }
    if (!args.json) {
      std::printf("%-6s %22.3f %16.3f %8.3f", key.c_str(), r.rangeTestMsPerIter,
                  r.bareStepMsPerIter, r.rangeTestMsPerIter / r.bareStepMsPerIter);
      if (r.storedRatio)
        std::printf(" %16.3f %9.2f%% %13.3f  <= %.2f  %s", *r.storedRangeTestMsPerIter,
                    100.0 * *r.storeMsPerIter / r.rangeTestMsPerIter, *r.storedRatio,
                    kStoredRatioTarget, verdict(pass));
      std::printf("\n");
      std::fflush(stdout);
    }
  }
  if (store && !args.json)
    std::printf("in store: time inside the writer's calls, as a share of the plain range test; "
                "stored/plain: the median round's ratio\n");
  if (store)
    json["stored_in"] = {{"folder", folder->path().string()},
                         {"file_system", folder->fileSystem()}};
  if (args.json)
    std::cout << json.dump(2) << "\n";
}

nlohmann::json toJson(const QueryFigures& query) {
  nlohmann::json json = {
      {"median_ms", query.medianMs}, {"min_ms", query.minMs}, {"max_ms", query.maxMs}};
  json["target_ms"] = query.targetMs ? nlohmann::json(*query.targetMs) : nlohmann::json();
  if (query.targetMs)
    json["pass"] = query.medianMs <= *query.targetMs;
  return json;
}

void printStorageTables(const StorageBenchOptions& options, const StorageBenchResult& result) {
  std::printf("\nWriter: RunWriter (commits every %zu steps or %lld ms), %lld steps per run, "
              "median of %d\n%-7s %12s %12s %8s %17s\n",
              storage::RunWriter::kBatchRows,
              static_cast<long long>(storage::RunWriter::kBatchInterval.count()),
              static_cast<long long>(options.insertSteps), options.insertRepeats, "groups",
              "steps/s", "rows/s", "cpu", "target rows/s");
  for (const InsertFigures& insert : result.inserts)
    std::printf("%-7d %12.0f %12.0f %7.0f%% %17s  %s\n", insert.groups, insert.stepsPerSecond,
                insert.rowsPerSecond, 100.0 * insert.cpuShare,
                target(">=", kInsertTargetRowsPerSecond).c_str(),
                verdict(insert.rowsPerSecond >= kInsertTargetRowsPerSecond));
  std::printf("rows: one step_metrics row per step, and one step_group_lrs row per group when "
              "there are several\n"
              "cpu: the share of a core the bench got (below ~90%%: a busy machine, the "
              "figures come out low)\n");
  std::printf("\nQueries: %d runs x %d steps (2 groups) and one of %lld, built in %.1f s; "
              "median of %d\n%-44s %10s %8s %8s %10s\n",
              options.runs, options.stepsPerRun, static_cast<long long>(options.longRunSteps),
              result.buildSeconds, options.queryRepeats, "query", "median ms", "min", "max",
              "target ms");
  for (const QueryFigures& query : result.queries) {
    std::printf("%-44s %10.2f %8.2f %8.2f", query.label.c_str(), query.medianMs, query.minMs,
                query.maxMs);
    if (query.targetMs)
      std::printf(" %10s  %s\n", target("<", *query.targetMs).c_str(),
                  verdict(query.medianMs <= *query.targetMs));
    else
      std::printf(" %10s\n", "-");
  }
  std::printf("\nTime: writer %.1f s, building %.1f s, queries %.1f s\n", result.insertSeconds,
              result.buildSeconds, result.querySeconds);
  if (!result.keptDatabase.empty())
    std::printf("Kept the query database: %s\n", result.keptDatabase.c_str());
}

void runStorageBenchCommand(const BenchArguments& args) {
  StorageBenchOptions options;
  options.dir = args.dir;
  options.keepDatabase = args.keepDb;
  options.insertRepeats = args.repeats;
  options.queryRepeats = 5 * args.repeats;
  const auto progress = [&args](const std::string& line) {
    if (!args.json)
      std::fprintf(stderr, "%s\n", line.c_str());
  };
  const StorageBenchResult result = runStorageBench(options, progress);
  if (!args.json) {
    std::printf("Storage benchmark (SQLite through RunWriter and RunDatabase) in %s (%s)\n",
                result.folder.c_str(), result.fileSystem.c_str());
    printStorageTables(options, result);
    return;
  }
  nlohmann::json json = {{"folder", result.folder}, {"file_system", result.fileSystem}};
  nlohmann::json& insert = json["insert"];
  insert = {{"steps_per_run", options.insertSteps},
            {"repeats", options.insertRepeats},
            {"batch_rows", storage::RunWriter::kBatchRows},
            {"batch_interval_ms", storage::RunWriter::kBatchInterval.count()},
            {"target_rows_per_s", kInsertTargetRowsPerSecond}};
  for (const InsertFigures& figures : result.inserts)
    insert["groups_" + std::to_string(figures.groups)] = {
        {"steps_per_s", figures.stepsPerSecond},
        {"rows_per_s", figures.rowsPerSecond},
        {"seconds", figures.seconds},
        {"cpu_share", figures.cpuShare},
        {"pass", figures.rowsPerSecond >= kInsertTargetRowsPerSecond}};
  nlohmann::json& queries = json["queries"];
  queries = {{"runs", options.runs},
             {"steps_per_run", options.stepsPerRun},
             {"long_run_steps", options.longRunSteps},
             {"repeats", options.queryRepeats}};
  for (const QueryFigures& query : result.queries)
    queries[query.key] = toJson(query);
  json["seconds"] = {{"insert", result.insertSeconds},
                     {"build", result.buildSeconds},
                     {"queries", result.querySeconds}};
  if (!result.keptDatabase.empty())
    json["kept_database"] = result.keptDatabase;
  std::cout << json.dump(2) << "\n";
}

} // namespace

void addBenchCommand(CLI::App& app) {
  auto args = std::make_shared<BenchArguments>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Time the range test against a bare training step and with its steps stored in a temp "
      "database (MLP 784-256-10 and the small CNN on a Fashion-MNIST sample; target: storing "
      "costs at most 3 %). With --storage, time the database instead: the writer (target "
      ">= 300,000 rows/s) and, on 1,000 runs of 1,000 steps, listing (< 50 ms), one curve "
      "(< 20 ms) and 20 curves (< 100 ms). With --curves, time the suggestion rules on curves of "
      "10^4 to 10^6 points (target: all rules on 10^6 points < 5 s). Prints PASS or MISS next "
      "to each target.");
  CLI::Option* iters = cmd->add_option("--iters", args->iterations, "iterations per round")
                           ->default_val(200)
                           ->check(CLI::Range(5, 100000));
  cmd->add_option("--repeats", args->repeats,
                  "alternating rounds; the median is reported (with --storage: writer runs per "
                  "group count, and 5x as many of each query; with --curves: rounds of each "
                  "rule per curve)")
      ->default_val(3)
      ->check(CLI::Range(1, 100));
  CLI::Option* sample = cmd->add_option("--sample", args->sample, "sample size")
                            ->default_val(6000)
                            ->check(CLI::Range(64, 60000));
  CLI::Option* noStore =
      cmd->add_flag("--no-store", args->noStore, "skip the stored column (no database is written)");
  CLI::Option* storageFlag = cmd->add_flag("--storage", args->storage,
                                           "time the database (writer and queries) instead of the "
                                           "range test (about 15 s; no data set needed)");
  storageFlag->excludes(iters)->excludes(sample)->excludes(noStore);
  CLI::Option* trainingFlag = cmd->add_flag(
      "--training", args->training,
      "time one training epoch of the small CNN on all of Fashion-MNIST (batch 128) against "
      "forward+backward+step on a batch in memory (about a minute)");
  trainingFlag->excludes(iters)->excludes(sample)->excludes(noStore)->excludes(storageFlag);
  CLI::Option* curvesFlag = cmd->add_flag(
      "--curves", args->curves,
      "time every suggestion rule and the range rule, alone and together, on synthetic range-test "
      "curves of 10^4, 10^5 and 10^6 points (about 10 s; no data set needed)");
  curvesFlag->excludes(iters)
      ->excludes(sample)
      ->excludes(noStore)
      ->excludes(storageFlag)
      ->excludes(trainingFlag);
  CLI::Option* jobsFlag = cmd->add_flag(
      "--jobs", args->jobs,
      "time a repeated range test of 4 repeats (small CNN) one at a time and two side by side "
      "(find --repeats 4 --jobs 1 and --jobs 2) and their ratio (target <= 0.6; about a minute)");
  jobsFlag->excludes(noStore)->excludes(storageFlag)->excludes(trainingFlag)->excludes(curvesFlag);
  CLI::Option* imagesFlag =
      cmd->add_option("--images", args->images,
                      "time loading this image folder: decoded afresh, a first load that writes "
                      "the cache, and a second that reads it (target: the second < 1 s per 10,000 "
                      "images); the cache goes to a temp folder")
          ->check(CLI::ExistingDirectory);
  for (CLI::Option* other :
       {iters, sample, noStore, storageFlag, trainingFlag, curvesFlag, jobsFlag})
    imagesFlag->excludes(other);
  cmd->add_option("--image-size", args->imageSize,
                  "with --images: the size to decode to, N or HxW (default: the files' own)")
      ->needs(imagesFlag);
  cmd->add_option("--dir", args->dir,
                  "folder for the temp databases, removed afterwards (default: the first of "
                  "$TMPDIR, /var/tmp, /tmp that is on a disk, not tmpfs)");
  cmd->add_option("--keep-db", args->keepDb,
                  "with --storage: build the 1,000-run database at this new file and keep it")
      ->needs(storageFlag);
  cmd->add_flag(
      "--json", args->json,
      "print JSON: {\"mlp\": {...}, \"cnn\": {...}, \"stored_in\": {...}}, or with "
      "--storage {\"insert\": {...}, \"queries\": {...}, ...}, or with --curves "
      "{\"curves\": [{\"points\", \"seconds\": {rule: s, ..., \"all\"}}], \"pass\", ...}, or "
      "with --jobs {\"jobs\": {\"repeats\", \"sequential_seconds\", \"parallel_seconds\", "
      "\"ratio\", ...}}");
  addDeviceOption(cmd, args->device)->excludes(storageFlag)->excludes(curvesFlag);
  cmd->callback([args] {
    if (args->storage)
      return runStorageBenchCommand(*args);
    if (args->curves)
      return runCurveBench(args->repeats, args->json);
    if (!args->images.empty())
      return runImageBench(args->images, args->imageSize, args->dir, args->repeats, args->json);
    const engine::Device device = deviceOf(args->device.value_or("cpu"));
    if (args->training)
      runTrainingBench(device, args->json);
    else if (args->jobs)
      runJobsBench(args->iterations, args->sample, device, args->json);
    else
      runRangeTestBench(*args, device);
  });
}

} // namespace lrscope::cli
