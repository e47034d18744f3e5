#pragma once

#include "lrscope/engine/run_record.h"

#include <atomic>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace lrscope::storage::test {

/// A fresh folder under the system temp dir, removed (made writable first) when done.
class TempDir {
public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("lrscope_storage_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, error);
    std::filesystem::remove_all(m_path, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

/// count steps from first: two parameter groups, a NaN loss every 97th step and a validation
/// result every 100th.
inline std::vector<engine::StepRecord> makeSteps(int first, int count) {
  std::vector<engine::StepRecord> steps;
  for (int step = first; step < first + count; ++step) {
    engine::StepRecord record;
    record.step = step;
    const double lr = 1e-6 * std::pow(1.02, step);
    record.groupLrs = {lr, lr / 10.0};
    record.loss = step % 97 == 13 ? std::nan("") : 2.3 - 0.001 * step;
    record.smoothedLoss = 2.3 - 0.0009 * step;
    record.batchAccuracy = step % 89 == 5 ? std::nan("") : 0.1 + 0.0005 * step;
    record.wallSeconds = 0.01 * step;
    if (step % 100 == 99) {
      record.validationLoss = 1.5 + 0.001 * step;
      record.validationAccuracy = 0.6;
    }
    steps.push_back(record);
  }
  return steps;
}

/// Equal, NaN equal to NaN.
inline bool sameReal(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace lrscope::storage::test
