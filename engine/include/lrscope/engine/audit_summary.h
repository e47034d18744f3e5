#pragma once

// What an audit says over several seeds (lrscope audit --seeds): per grid point the mean and
// standard deviation of the test metric, and whether the suggested peak LR trains as well as
// the grid's best. Pure functions of the trainings' results; no torch. The same record comes
// from the audit as it ends and from its stored runs (storage's loadAudit).
#include "lrscope/engine/lr_curve.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// What an audit compares: test accuracy (classification, higher is better) or test loss
/// (regression, lower is better).
enum class AuditMetric { TestAccuracy, TestLoss };

/// "test_accuracy" or "test_loss": the JSON keys' stem.
[[nodiscard]] std::string metricKey(AuditMetric metric);
/// "test accuracy" or "test loss (lower is better)".
[[nodiscard]] std::string metricTitle(AuditMetric metric);
/// True when a is a better value of the metric than b (accuracy higher, loss lower).
[[nodiscard]] bool isBetterValue(AuditMetric metric, double a, double b);

struct AuditPoint;

/// "85.1%" or, for a loss, "0.2345"; the missing mark for NaN.
[[nodiscard]] std::string formatAuditValue(AuditMetric metric, double value);
/// "85.1% +- 0.4 pt" or, for one seed, "85.1%"; "(2 of 3)" after it when not every seed gave
/// a value.
[[nodiscard]] std::string formatAuditPoint(AuditMetric metric, const AuditPoint& point, int seeds);

/// "+1.5", "-0.5", "+0.0" (never "-0.0"): grid steps from the best, to one decimal.
[[nodiscard]] std::string formatGridSteps(double steps);

/// One peak LR trained with every seed.
struct AuditPoint {
  double maxLr = 0.0;
  /// One value per seed, in seed order; NaN where the training diverged, failed or had no
  /// test split.
  std::vector<double> values;
  double mean = 0.0; ///< of the finite values; NaN when there are none
  double std = 0.0;  ///< sample standard deviation of the finite values; 0 for one
  int count = 0;     ///< finite values
};

struct AuditSummary {
  AuditMetric metric = AuditMetric::TestAccuracy;
  int seeds = 0;
  std::vector<AuditPoint> grid; ///< in the order of their peak LRs
  /// The suggested trainings: maxLr is the geometric mean of the seeds' suggested peaks (NaN when
  /// no range test found a range).
  AuditPoint suggested;
  /// The grid point with the best mean among those every seed trained to a value.
  std::optional<std::size_t> best;
  /// The suggestion trained to a value with every seed, and its mean is within one standard
  /// deviation of the best point's mean (at least as good, less one std).
  bool withinOneStd = false;
  /// log10(suggested peak / best peak) in grid steps; negative below the best.
  double gridStepsFromBest = 0.0;
};

/// Grid points of `lrscope audit` are half a decade apart.
constexpr double kAuditGridStepDecades = 0.5;

/// `points` peak LRs `stepDecades` apart, centred on `centre` (for an odd count, the middle one
/// is `centre` exactly), lowest first.
[[nodiscard]] std::vector<double> auditGridLrs(double centre, int points, double stepDecades);

/// Where an audit's grid lies: centred on the first seed's suggestion, or fixed in advance
/// (kFixedGridLowest to kFixedGridHighest, whatever any rule suggests, so that every rule can
/// be scored on it).
enum class AuditGrid { Centred, Fixed };

/// "centred", "fixed": the command line's and the stored plan's words.
[[nodiscard]] std::string toString(AuditGrid grid);

/// The fixed grid's ends: half a decade apart from 1e-5 to 10, 13 points.
constexpr double kFixedGridLowest = 1e-5;
constexpr double kFixedGridHighest = 10.0;

/// The fixed grid, lowest first.
[[nodiscard]] std::vector<double> fixedAuditGridLrs();

/// How an audit was run, as its stored parent run keeps it (config "audit").
struct AuditPlan {
  AuditMetric metric = AuditMetric::TestAccuracy;
  int seeds = 1; ///< from the first seed on, one apart
  AuditGrid grid = AuditGrid::Centred;
  /// A centred grid's points; a fixed grid has its own, ending at the first point the first
  /// seed diverged at.
  int gridPoints = 7;
  double gridStepDecades = kAuditGridStepDecades;
  int epochs = 0;
  int batchSize = 0;
};

/// One seed's range test: the range its suggestion trains with (NaN bounds when it found none).
struct AuditRangeTest {
  uint64_t seed = 0;
  int64_t runId = 0; ///< 0 when not stored
  double lower = 0.0;
  double upper = 0.0;
  double seconds = 0.0;                ///< the test itself, data loading excluded
  std::vector<Suggestion> suggestions; ///< every rule's, as the range test stored them
};

/// One one-cycle training of an audit.
struct AuditTraining {
  uint64_t seed = 0;
  int64_t runId = 0; ///< 0 when not stored
  double maxLr = 0.0;
  /// The last epoch's test metric; NaN when it diverged, failed, stopped or had no test split.
  double metric = 0.0;
  double seconds = 0.0;   ///< training, data loading excluded
  bool suggested = false; ///< trained its seed's suggested range
  /// The grid point it trained, if it is one (the first seed's suggestion is the middle point of
  /// an odd grid: one training, both roles).
  std::optional<std::size_t> gridIndex;
};

/// Everything an audit ran, in the order it ran: range tests in seed order, trainings.
struct AuditRecord {
  AuditPlan plan;
  uint64_t firstSeed = 0; ///< --seed: the seed whose range test centres the grid
  std::string dataset;
  std::string model;
  std::vector<double> gridLrs; ///< empty until the first seed's range test found a range
  std::vector<AuditRangeTest> rangeTests;
  std::vector<AuditTraining> trainings;
};

/// Seconds of every seed together. A training that is both its seed's suggestion and a grid
/// point counts for both: a grid search would train it too.
struct AuditCost {
  double rangeTests = 0.0;
  double suggested = 0.0;
  double grid = 0.0;
  /// (range tests + suggested trainings) / grid; NaN before any grid training.
  [[nodiscard]] double ratio() const;
};

[[nodiscard]] AuditCost auditCost(const AuditRecord& record);

/// Trainings the plan asked for that never ran (the audit stopped): for each seed of the plan,
/// every grid point and its suggestion (on an odd centred grid, the first seed's suggestion is
/// the middle point). 0 for an audit that ran to its end.
[[nodiscard]] int auditTrainingsMissing(const AuditRecord& record);

/// Whether the audit has no grid because its first seed's range test is not there while others
/// of its runs are (a shard of a sharded audit not merged yet), rather than because it found no
/// range.
[[nodiscard]] bool auditAwaitsFirstRangeTest(const AuditRecord& record);

/// One line: whether the suggestion is within one standard deviation of the grid's best and how
/// many grid steps from it, and the cost ratio; after "incomplete, N of its trainings never
/// ran: " when the audit stopped first. The stored audit's message.
[[nodiscard]] std::string auditVerdict(const AuditRecord& record, const AuditSummary& summary);

/// The geometric mean of the finite positive values (LRs); NaN when there are none.
[[nodiscard]] double geometricMean(const std::vector<double>& values);

/// Mean, sample standard deviation and count of the finite values of `point.values`.
[[nodiscard]] AuditPoint summarizePoint(double maxLr, std::vector<double> values);

/// The summary of an audit: `gridLrs[j]` trained with seed s gave `gridValues[s][j]`; seed s's
/// suggested peak `suggestedLrs[s]` gave `suggestedValues[s]`. Grid points are `stepDecades`
/// apart. Throws std::invalid_argument when the sizes disagree.
[[nodiscard]] AuditSummary summarizeAudit(AuditMetric metric, const std::vector<double>& gridLrs,
                                          const std::vector<std::vector<double>>& gridValues,
                                          const std::vector<double>& suggestedLrs,
                                          const std::vector<double>& suggestedValues,
                                          double stepDecades);

/// The summary of a record: one seed per range test, in their order; a grid point or a
/// suggestion a seed did not train (the audit stopped first) counts as no value. A seed without
/// a suggested training counts its range test's upper bound as its peak; one whose range test
/// found no range has none (the suggested peak is the geometric mean of those there are, NaN
/// when there are none).
/// Throws std::invalid_argument for a record without range tests.
[[nodiscard]] AuditSummary summarizeAudit(const AuditRecord& record);

} // namespace lrscope::engine
