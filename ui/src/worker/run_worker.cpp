#include "worker/run_worker.h"

#include "lrscope/engine/range_test_job.h"
#include "lrscope/storage/stored_range_test.h"
#include "worker/step_batcher.h"

#include <chrono>
#include <exception>
#include <utility>

namespace lrscope::ui {
namespace {

/// The first line of an exception's text (libtorch appends a backtrace to its messages).
QString firstLine(const char* text) {
  const QString all = QString::fromUtf8(text);
  const QString line = all.section(QLatin1Char('\n'), 0, 0).trimmed();
  return line.isEmpty() ? QStringLiteral("unknown error") : line;
}

QString currentExceptionText() {
  try {
    throw;
  } catch (const std::exception& error) {
    return firstLine(error.what());
  } catch (...) {
    return QStringLiteral("unknown error");
  }
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

RunWorker::RunWorker(std::filesystem::path database) : m_database(std::move(database)) {}

void RunWorker::run(int ticket, const RangeTestRequest& request,
                    const std::shared_ptr<const std::atomic<bool>>& stop) {
  const auto picked = std::chrono::steady_clock::now();
  if (stop && stop->load()) { // cancelled (shutdown) between the queue and this thread
    Q_EMIT rejected(ticket, QStringLiteral("cancelled before it started"));
    return;
  }
  Q_EMIT preparing(ticket, request.title);

  // Like `lrscope find`: a config that does not validate never becomes a run; one that fails
  // on its data or model is recorded as a failed run.
  std::unique_ptr<storage::StoredRangeTest> stored;
  try {
    request.config.validate();
    stored =
        std::make_unique<storage::StoredRangeTest>(m_database, request.config, request.experiment);
  } catch (...) {
    Q_EMIT rejected(ticket, currentExceptionText());
    return;
  }
  const qint64 runId = stored->runId();
  const int totalSteps = request.config.rangeTest.iterations;

  bool ended = false;
  StepBatcher batcher(
      std::chrono::milliseconds(kBatchIntervalMs),
      [&] { Q_EMIT started(ticket, runId, totalSteps, request.title); },
      [&](std::vector<engine::StepRecord> batch) {
        const engine::StepRecord& last = batch.back();
        const int done = last.step + 1;
        const double perStep = last.wallSeconds / done;
        const double remaining = ended ? 0.0 : perStep * (totalSteps - done);
        Q_EMIT stepsArrived(runId, std::move(batch));
        Q_EMIT progress(runId, done, totalSteps, secondsSince(picked), remaining);
      });
  // The writer first: a step reaches the database whatever happens to the signals.
  engine::ObserverFanOut observers({&stored->observer(), &batcher});

  engine::FindReport report;
  QString failure;
  try {
    report = engine::runRangeTestJob(request.config, &observers, stop.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  ended = true;
  batcher.flush();

  QString status;
  QString message;
  try {
    if (failure.isEmpty()) {
      stored->complete(report);
      status = QString::fromStdString(engine::toString(report.result.status));
      message = firstLine(report.result.message.c_str());
    } else {
      status = QStringLiteral("failed");
      message = failure;
      stored->abandon(failure.toStdString());
    }
  } catch (...) {
    status = QStringLiteral("failed");
    message = (message.isEmpty() ? QString() : message + QStringLiteral("; ")) +
              QStringLiteral("could not store the run: ") + currentExceptionText();
    try {
      stored->abandon(message.toStdString()); // at least not left `running`
    } catch (...) {
      // The database is unusable; the message above says so.
    }
  }

  if (batcher.stepsSeen() > 0)
    Q_EMIT finished(ticket, runId, status, message);
  else if (status == QLatin1String("cancelled"))
    Q_EMIT rejected(ticket, QStringLiteral("cancelled before it started"));
  else
    Q_EMIT rejected(ticket, message);
}

} // namespace lrscope::ui
