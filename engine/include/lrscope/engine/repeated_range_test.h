#pragma once

// Repeated range tests: K tests on one ladder that differ only in the seed, and what they say
// together (runRepeatedRangeTestJob in repeated_range_test_job.h runs them).
#include "lrscope/engine/find_report.h"
#include "lrscope/engine/repeat_summary.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

namespace lrscope::engine {

class RunObserver;

/// Follows a repeated range test as it runs. With several jobs, repeats run on threads of
/// their own and call the listener from there, at the same time: an implementation must be
/// safe to call from several threads.
class RepeatedRangeTestListener {
public:
  virtual ~RepeatedRangeTestListener() = default;
  /// Repeat `index` (0-based) is about to run with `config` (repeatConfig of the whole).
  /// Returns the observer of its steps, or null; it is called on the repeat's thread only.
  virtual RunObserver* repeatStarted(int index, const FindConfig& config) = 0;
  /// That repeat ended; `report` holds its curve, suggestions and range.
  virtual void repeatFinished(int index, const FindReport& report) = 0;
};

/// What a repeated range test produced.
struct RepeatedRangeTestReport {
  FindConfig config;               ///< the whole test's (repeats.count K)
  std::vector<FindReport> repeats; ///< in repeat order; a repeat that never ran is left out
  RepeatSummary summary;           ///< over the repeats that took a step
  std::vector<std::string> warnings;
  /// How many repeats this job was asked for when it is a shard's share of them (maybe none).
  std::optional<int> shareOfRepeats;

  /// The repeats this job was asked for: its share, or all K.
  [[nodiscard]] int requestedRepeats() const {
    return shareOfRepeats.value_or(config.repeats.count);
  }
};

/// The curves of the repeats that took at least one step, in repeat order.
[[nodiscard]] std::vector<LrCurve> repeatCurves(const std::vector<FindReport>& repeats);

/// Completed when every repeat asked for ran to its end (or diverged, as range tests do), else
/// the first other status in repeat order (failed before cancelled).
[[nodiscard]] RunStatus overallStatus(const RepeatedRangeTestReport& report);

/// The parent run's message: "5 repeats, stable: the upper bound varies by 0.12 decades ...".
[[nodiscard]] std::string repeatedRangeTestMessage(const RepeatedRangeTestReport& report);

/// What `find --repeats --json` and `show PARENT --json` print about the repeats together:
/// {"repeats": K, "range": {"lower": SPREAD, "upper": SPREAD} (null bounds when no repeat gave
/// one), "median_curve_range": {"lower", "upper"} or null, "suggestions": {RULE: SPREAD},
/// "stable": bool, "verdict": text, "band": [{"step", "lr", "median", "low", "high",
/// "running"}]}, SPREAD = {"median", "min", "max", "spread_decades", "count"}.
[[nodiscard]] nlohmann::json repeatSummaryJson(const RepeatSummary& summary);

} // namespace lrscope::engine
