#include "cli/jobs_bench.h"

#include "lrscope/engine/repeated_range_test_job.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace lrscope::cli {
namespace {

constexpr int kRepeats = 4;
constexpr int kParallelJobs = 2;
/// Issue 13: 4 repeats with --jobs 2 take at most 0.6x the wall time of --jobs 1.
constexpr double kRatioTarget = 0.6;

struct TimedRun {
  double seconds = 0.0;
  engine::RepeatedRangeTestReport report;
};

TimedRun timeRepeats(const engine::FindConfig& config, int jobs) {
  const auto start = std::chrono::steady_clock::now();
  TimedRun run;
  run.report = engine::runRepeatedRangeTestJob(config, jobs, nullptr, nullptr);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

bool sameCurves(const engine::RepeatedRangeTestReport& a,
                const engine::RepeatedRangeTestReport& b) {
  if (a.repeats.size() != b.repeats.size())
    return false;
  for (std::size_t i = 0; i < a.repeats.size(); ++i) {
    const auto& x = a.repeats[i].result.steps;
    const auto& y = b.repeats[i].result.steps;
    if (x.size() != y.size())
      return false;
    for (std::size_t s = 0; s < x.size(); ++s)
      if (x[s].loss != y[s].loss || x[s].smoothedLoss != y[s].smoothedLoss)
        return false;
  }
  return true;
}

} // namespace

void runJobsBench(int iterations, int64_t sample, const engine::Device& device, bool json) {
  engine::FindConfig config;
  config.model.name = "cnn";
  config.model.device = device;
  config.sample.count = sample;
  config.sample.validationCount = 0;
  config.rangeTest.iterations = iterations;
  config.repeats.count = kRepeats;
  if (!json) {
    std::printf("Repeated range test: %d repeats of the small CNN on a Fashion-MNIST sample of "
                "%lld, %d iterations each, loading the data included\n",
                kRepeats, static_cast<long long>(sample), iterations);
    std::fflush(stdout);
  }
  const TimedRun sequential = timeRepeats(config, 1);
  const TimedRun parallel = timeRepeats(config, kParallelJobs);
  const double ratio = parallel.seconds / sequential.seconds;
  const bool identical = sameCurves(sequential.report, parallel.report);
  const bool pass = ratio <= kRatioTarget && identical;
  if (json) {
    std::cout << nlohmann::json{{"jobs",
                                 {{"repeats", kRepeats},
                                  {"parallel_jobs", kParallelJobs},
                                  {"sequential_seconds", sequential.seconds},
                                  {"parallel_seconds", parallel.seconds},
                                  {"ratio", ratio},
                                  {"target", kRatioTarget},
                                  {"identical", identical},
                                  {"pass", pass}}}}
                     .dump(2)
              << "\n";
    return;
  }
  std::printf("%-22s %10s\n%-22s %9.2fs\n%-22s %9.2fs\n%-22s %10.3f  <= %.1f  %s\n"
              "curves bit-identical: %s\n",
              "jobs", "wall time", "--jobs 1", sequential.seconds, "--jobs 2", parallel.seconds,
              "ratio", ratio, kRatioTarget, pass ? "PASS" : "MISS", identical ? "yes" : "NO");
}

} // namespace lrscope::cli
