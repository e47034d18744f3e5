#include "lrscope/engine/repeated_range_test_job.h"

#include "range_test_setup.h"

#include "lrscope/engine/input_error.h"

#include <torch/torch.h>

#include <dlfcn.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace lrscope::engine {
namespace {

/// OpenBLAS's own thread count, when libblas.so.3 is OpenBLAS (Debian's libopenblas0-pthread);
/// found at run time, so that another BLAS simply has none.
struct BlasThreads {
  using Get = int (*)();
  using Set = void (*)(int);
  Get get = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  Set set = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  [[nodiscard]] bool found() const { return get && set; }
};

/// Every repeat computes on one thread, side by side or not: libtorch's intra-op threads and
/// OpenBLAS's threads set to one for the job, put back after. One at a time or side by side, the
/// repeats then sum in the same order and their curves are bit-identical (OpenBLAS splits a
/// large product differently on two threads). On this 2-core machine OpenBLAS's second thread
/// gained a single test nothing, and beside a second repeat it took all the gain: `lrscope
/// bench --jobs`, 4 repeats of the small CNN, ratio 1.07 with it against 0.56 without.
class OneThreadEach {
public:
  OneThreadEach() : m_torch(torch::get_num_threads()) {
    torch::set_num_threads(1);
    if (m_blas.found()) {
      m_blasThreads = m_blas.get();
      m_blas.set(1);
    }
  }
  ~OneThreadEach() {
    torch::set_num_threads(m_torch);
    if (m_blas.found())
      m_blas.set(m_blasThreads);
  }
  OneThreadEach(const OneThreadEach&) = delete;
  OneThreadEach& operator=(const OneThreadEach&) = delete;

private:
  int m_torch;
  BlasThreads m_blas;
  int m_blasThreads = 1;
};

/// The repeats of one job and what they need, shared by the threads that run them.
class RepeatRunner {
public:
  RepeatRunner(const FindConfig& config, const std::vector<int>& indices, const DataSplits& splits,
               RepeatedRangeTestListener* listener, const std::atomic<bool>* stop)
      : m_config(config), m_indices(indices), m_splits(splits), m_listener(listener), m_stop(stop),
        m_reports(indices.size()) {}

  /// The first repeat's setup, prepared by the caller so that a bad config is refused before any
  /// run.
  void setFirst(detail::RangeTestSetup setup) { m_first = std::move(setup); }

  /// Takes the next repeat that has not started until none is left or the job is stopped.
  void work() {
    for (;;) {
      const auto slot = static_cast<std::size_t>(m_next.fetch_add(1));
      if (slot >= m_indices.size() || (m_stop && m_stop->load()))
        return;
      m_reports[slot] = runOne(m_indices[slot], slot == 0);
    }
  }

  /// The reports of the repeats that started, in repeat order.
  std::vector<FindReport> takeReports() {
    std::vector<FindReport> reports;
    for (std::optional<FindReport>& report : m_reports)
      if (report)
        reports.push_back(std::move(*report));
    return reports;
  }

private:
  FindReport runOne(int index, bool first) {
    const FindConfig config = repeatConfig(m_config, index);
    FindReport report;
    report.config = config;
    bool started = false;
    try {
      detail::RangeTestSetup setup =
          first && m_first ? std::move(*m_first) : detail::prepareRangeTest(config, &m_splits);
      report = setup.report;
      RunObserver* observer = m_listener ? m_listener->repeatStarted(index, config) : nullptr;
      started = true;
      detail::runPreparedRangeTest(setup, config, report, observer, m_stop);
    } catch (const std::exception& error) {
      markFailed(report, error.what());
    }
    if (m_listener && started) {
      try {
        m_listener->repeatFinished(index, report);
      } catch (const std::exception& error) {
        markFailed(report, error.what());
      }
    }
    return report;
  }

  static void markFailed(FindReport& report, const std::string& why) {
    report.result.status = RunStatus::Failed;
    report.result.message = why;
    report.range.range.reset();
    report.range.reason = "the repeat failed: " + why;
  }

  const FindConfig& m_config;
  const std::vector<int>& m_indices;
  const DataSplits& m_splits;
  RepeatedRangeTestListener* m_listener;
  const std::atomic<bool>* m_stop;
  std::optional<detail::RangeTestSetup> m_first;
  std::atomic<int> m_next{0};
  std::vector<std::optional<FindReport>> m_reports;
};

/// Each warning once, in the order first met.
std::vector<std::string> distinctWarnings(const std::vector<FindReport>& repeats) {
  std::vector<std::string> warnings;
  for (const FindReport& repeat : repeats)
    for (const std::string& warning : repeat.warnings)
      if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end())
        warnings.push_back(warning);
  return warnings;
}

} // namespace

RepeatedRangeTestReport runRepeatedRangeTestJob(const FindConfig& config, int jobs,
                                                RepeatedRangeTestListener* listener,
                                                const std::atomic<bool>* stop) {
  std::vector<int> every(static_cast<std::size_t>(std::max(config.repeats.count, 0)));
  for (std::size_t i = 0; i < every.size(); ++i)
    every[i] = static_cast<int>(i);
  return runRepeatedRangeTestJob(config, jobs, every, listener, stop);
}

RepeatedRangeTestReport runRepeatedRangeTestJob(const FindConfig& config, int jobs,
                                                const std::vector<int>& indices,
                                                RepeatedRangeTestListener* listener,
                                                const std::atomic<bool>* stop) {
  config.validate();
  if (jobs < 1)
    throw InputError("the number of jobs must be at least 1, got " + std::to_string(jobs));
  for (std::size_t i = 0; i < indices.size(); ++i)
    if (indices[i] < 0 || indices[i] >= config.repeats.count ||
        (i > 0 && indices[i] <= indices[i - 1]))
      throw InputError("repeat " + std::to_string(indices[i]) + " is not one of the " +
                       std::to_string(config.repeats.count) + " repeats, or is out of order");
  RepeatedRangeTestReport out;
  out.config = config;
  if (static_cast<int>(indices.size()) < config.repeats.count)
    out.shareOfRepeats = static_cast<int>(indices.size());
  if (indices.empty())
    return out;
  if (jobs > 1 && !config.model.isBuiltIn()) {
    jobs = 1;
    out.warnings.push_back("a TorchScript model runs its repeats one at a time (it may draw "
                           "from libtorch's global generator while it trains)");
  }
  jobs = std::min(jobs, static_cast<int>(indices.size()));

  const DataSplits splits = loadData(config.data);
  RepeatRunner runner(config, indices, splits, listener, stop);
  runner.setFirst(detail::prepareRangeTest(repeatConfig(config, indices.front()), &splits));
  {
    const OneThreadEach threads;
    std::vector<std::thread> workers;
    for (int j = 1; j < jobs; ++j)
      workers.emplace_back([&runner] { runner.work(); });
    runner.work();
    for (std::thread& worker : workers)
      worker.join();
  }
  out.repeats = runner.takeReports();
  std::vector<std::string> warnings = distinctWarnings(out.repeats);
  out.warnings.insert(out.warnings.end(), warnings.begin(), warnings.end());
  out.summary = summarizeRepeats(repeatCurves(out.repeats));
  out.summary.repeats = static_cast<int>(out.repeats.size());
  return out;
}

} // namespace lrscope::engine
