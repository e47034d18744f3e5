#pragma once

#include "cli/output_options.h"

#include <exception>
#include <memory>
#include <string>

namespace lrscope::cli {

/// The run a command stores (StoredRangeTest, StoredTraining, ...) in the database and
/// experiment of `options`, started now; null under --no-store. Throws StorageError.
template <typename Stored, typename Config>
[[nodiscard]] std::unique_ptr<Stored> startStoredRun(const OutputOptions& options,
                                                     const Config& config) {
  if (options.noStore)
    return nullptr;
  return std::make_unique<Stored>(databasePath(options.database), config, options.experiment);
}

/// Marks a stored run abandoned (failed, with the message of what stopped it) when it goes out
/// of scope before complete(): the job threw, or the command did. `Stored` has
/// complete(report...) and abandon(message); it is borrowed, and may be null (nothing stored).
template <typename Stored> class StoredRunScope {
public:
  explicit StoredRunScope(Stored* stored) : m_stored(stored) {}
  ~StoredRunScope() {
    if (m_stored == nullptr || m_completed)
      return;
    try {
      m_stored->abandon(m_failure.empty() ? "the command stopped before the run ended" : m_failure);
    } catch (const std::exception&) {
      // The error being reported matters more; the run, left running, is marked interrupted
      // the next time the database is opened.
    }
  }
  StoredRunScope(const StoredRunScope&) = delete;
  StoredRunScope& operator=(const StoredRunScope&) = delete;

  /// Returns what job() returns; what it throws becomes the abandoned run's message.
  template <typename Job> decltype(auto) run(Job&& job) {
    try {
      return job();
    } catch (const std::exception& error) {
      m_failure = error.what();
      throw;
    }
  }

  /// Records the run's end (Stored::complete) and keeps it from being abandoned.
  template <typename... Report> void complete(const Report&... report) {
    if (m_stored != nullptr)
      m_stored->complete(report...);
    m_completed = true;
  }

private:
  Stored* m_stored;
  std::string m_failure;
  bool m_completed = false;
};

} // namespace lrscope::cli
