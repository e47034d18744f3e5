#include "bench/live_run_bench.h"
#include "run_labels.h"

#include "bench/paint_watch.h"
#include "bench/replot_meter.h"
#include "bench/sample_stats.h"
#include "bench/tick_gap_probe.h"
#include "main_window.h"
#include "number_format.h"
#include "qcustomplot_include.h"
#include "worker/run_queue.h"

#include "lrscope/storage/benchmark_database.h"

#include <QEventLoop>
#include <QTimer>

#include <stdexcept>

namespace lrscope::ui {
namespace {

constexpr int kIterations = 20000;
constexpr double kStartLr = 1e-7;
constexpr double kEndLr = 1e-4; ///< low enough that logreg never diverges: every step streams
constexpr int kTickMs = 2;
constexpr int kTimeoutMs = 180000;
constexpr double kStepsTarget = 1000.0; ///< steps a second at least
constexpr double kGapTargetMs = 50.0;

engine::FindConfig liveConfig() {
  engine::FindConfig config;
  config.data.source = "fashion-mnist";
  config.model.name = "logreg"; // ~0.2 ms a step: the fastest stream the engine makes
  config.rangeTest.startLr = kStartLr;
  config.rangeTest.endLr = kEndLr;
  config.rangeTest.iterations = kIterations;
  return config;
}

} // namespace

BenchSection measureLiveRun(storage::BenchFolder& folder,
                            const std::function<void(const QString&)>& progress) {
  BenchSection section;
  section.key = "live_run";
  section.title = "1. Live range test into the window";
  section.setup =
      QString("logreg on Fashion-MNIST, %1 steps, lr %2..%3 (no divergence), through RunQueue "
              "(worker thread) into the shown MainWindow, its three plots following the run;\n"
              "a %4 ms timer on the UI thread; streaming = from runStarted until runFinished "
              "arrives; the end = the window's handling of runFinished")
          .arg(kIterations)
          .arg(lrShortText(kStartLr), lrShortText(kEndLr))
          .arg(kTickMs);
  QElapsedTimer partClock;
  partClock.start();
  progress(QString("live run: loading Fashion-MNIST and streaming %1 steps").arg(kIterations));

  MainWindow window;
  if (!window.openDatabase(QString::fromStdString(folder.file("live.db").string())))
    throw std::runtime_error("live run: " + window.errorString().toStdString());
  {
    PaintWatch watch(&window);
    window.show();
    if (!watch.waitUntilPainted())
      throw std::runtime_error("live run: the window was not painted within 10 s");
  }

  RunQueue* queue = window.runQueue();
  TickGapProbe probe(kTickMs);
  ReplotMeter replots(window.findChildren<QCustomPlot*>());
  QEventLoop loop;
  qint64 runId = -1;
  double startedAt = -1.0;
  double lastBatchAt = -1.0;
  double finishedAt = -1.0;
  int64_t steps = 0;
  int batches = 0;
  QString failure;
  // Connected after the window's own slots: each of these runs right after the window's.
  QObject::connect(queue, &RunQueue::runStarted, &probe, [&](int, engine::RunKind, qint64 started) {
    runId = started;
    startedAt = probe.now();
  });
  QObject::connect(queue, &RunQueue::stepsArrived, &probe,
                   [&](qint64, const std::vector<engine::StepRecord>& batch) {
                     steps += static_cast<int64_t>(batch.size());
                     ++batches;
                     lastBatchAt = probe.now();
                   });
  QObject::connect(
      queue, &RunQueue::runFinished, &probe,
      [&](int, engine::RunKind, qint64, engine::StoredStatus finished, const QString& message) {
        finishedAt = probe.now();
        if (finished != engine::StoredStatus::Completed)
          failure = statusText(finished) + ": " + message;
        loop.quit();
      });
  QObject::connect(queue, &RunQueue::runRejected, &probe,
                   [&](int, engine::RunKind, RunRejection, const QString& message) {
                     failure = "rejected: " + message;
                     loop.quit();
                   });
  QTimer::singleShot(kTimeoutMs, &loop, [&] {
    failure = QString("no end after %1 s").arg(kTimeoutMs / 1000);
    loop.quit();
  });

  RangeTestRequest request;
  request.config = liveConfig();
  request.title = "logreg on fashion-mnist (ui bench)";
  probe.start();
  replots.reset(); // the same moment: the two clocks agree to microseconds
  queue->enqueue(std::move(request));
  loop.exec();
  // A few more turns: the gap around the finished run's reload needs the tick after it.
  QElapsedTimer settle;
  settle.start();
  while (settle.elapsed() < 100)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  probe.stop();
  if (!failure.isEmpty())
    throw std::runtime_error("live run: " + failure.toStdString());
  if (steps != kIterations)
    throw std::runtime_error("live run: " + std::to_string(steps) + " steps arrived, expected " +
                             std::to_string(kIterations));

  // What showing the finished run once costs, from an empty selection (cheap to leave).
  window.selectRuns({});
  QElapsedTimer showOnce;
  showOnce.start();
  window.selectRuns({runId});
  const double showOnceMs = static_cast<double>(showOnce.nsecsElapsed()) * 1e-6;

  // Streaming: every gap that ends from the run's start until the turn that finished it.
  const double streamEnd = probe.tickBefore(finishedAt);
  const std::vector<double> gaps = probe.gapsEndingIn(startedAt, streamEnd + 1e-9);
  const std::vector<double> streamReplots = replots.replotMs(startedAt, streamEnd);
  const double streamSeconds = (lastBatchAt - startedAt) / 1000.0;
  section.addAtLeast("steps_per_s", "steps per second reaching the plots",
                     static_cast<double>(steps) / streamSeconds, "steps/s", kStepsTarget);
  section.addAtMost("longest_gap_ms", "longest UI gap while streaming", maximum(gaps), "ms",
                    kGapTargetMs);
  section.add("p99_gap_ms", "99th percentile gap", percentile(gaps, 0.99), "ms");
  section.add("median_gap_ms", "median gap (the timer's own period)", median(gaps), "ms");
  section.add("replots", "replots while streaming (3 plots)",
              static_cast<double>(streamReplots.size()), "");
  section.add("batches", "batches received", batches, "");
  section.add("replot_median_ms", "replot, median", median(streamReplots), "ms");
  section.add("replot_max_ms", "replot, longest", maximum(streamReplots), "ms");
  section.addAtMost("finish_gap_ms", "gap at the end: the finished run reloaded and shown",
                    probe.gapAround(finishedAt), "ms", kGapTargetMs);
  section.add("finish_replots", "replots in that gap",
              static_cast<double>(replots.replotMs(streamEnd, finishedAt).size()), "");
  section.add("show_finished_once_ms", "for comparison: selectRuns of the finished run alone",
              showOnceMs, "ms");
  section.add("loading_ms", "loading data and model (enqueue to first step)", startedAt, "ms");
  section.add("stream_s", "streaming time", streamSeconds, "s");
  section.seconds = static_cast<double>(partClock.elapsed()) / 1000.0;
  return section;
}

} // namespace lrscope::ui
