#pragma once

#include "common/temp_dir.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/storage_error.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace lrscope::storage::test {

using lrscope::test::TempDir;

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

/// The message of the StorageError that body throws; fails the test when it throws none.
template <typename Body> std::string errorOf(Body&& body) {
  try {
    body();
  } catch (const StorageError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no StorageError thrown";
  return {};
}

} // namespace lrscope::storage::test
