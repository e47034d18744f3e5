#include "lrscope/storage/run_writer.h"

#include "lrscope/storage/run_database.h"

namespace lrscope::storage {

RunWriter::RunWriter(RunDatabase& database, int64_t runId)
    : m_database(database), m_runId(runId), m_lastCommit(std::chrono::steady_clock::now()) {
  m_pending.reserve(kBatchRows);
}

RunWriter::~RunWriter() {
  try {
    flush();
  } catch (...) {
    // Never throw from a destructor; finish() is where a failure is reported.
  }
}

void RunWriter::onStep(const engine::StepRecord& record) {
  m_pending.push_back(record);
  if (m_pending.size() >= kBatchRows ||
      std::chrono::steady_clock::now() - m_lastCommit >= kBatchInterval) {
    flush();
  }
}

void RunWriter::finish(engine::RunStatus status, const std::string& message,
                       double durationSeconds) {
  flush();
  m_database.finishRun(m_runId, status, message, durationSeconds);
}

void RunWriter::flush() {
  if (!m_pending.empty()) {
    m_database.appendSteps(m_runId, m_pending);
    m_pending.clear();
  }
  m_lastCommit = std::chrono::steady_clock::now();
}

} // namespace lrscope::storage
