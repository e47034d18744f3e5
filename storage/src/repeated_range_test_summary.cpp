#include "lrscope/storage/repeated_range_test_summary.h"

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/child_runs.h"

#include <algorithm>

namespace lrscope::storage {

RepeatedRangeTestSummary loadRepeatedRangeTest(const RunDatabase& database, int64_t parentRunId) {
  RepeatedRangeTestSummary out;
  out.run = loadParentRun(database, parentRunId, engine::RunKind::RepeatedRangeTest,
                          "repeated range test");
  out.repeats = database.loadRuns(childRunIds(database, parentRunId), 0);
  const uint64_t first = out.run.seed;
  std::sort(out.repeats.begin(), out.repeats.end(), [first](const RunCurve& a, const RunCurve& b) {
    const uint64_t ia = a.details.seed - first; // unsigned: the order survives a wrap past 2^64
    const uint64_t ib = b.details.seed - first;
    return ia < ib || (ia == ib && a.details.summary.id < b.details.summary.id);
  });
  std::vector<engine::LrCurve> curves;
  for (const RunCurve& repeat : out.repeats) {
    if (repeat.steps.empty())
      continue;
    engine::RangeTestResult result;
    result.steps = repeat.steps;
    curves.push_back(result.curve());
  }
  out.summary = engine::summarizeRepeats(curves);
  out.summary.repeats = static_cast<int>(out.repeats.size());
  return out;
}

} // namespace lrscope::storage
