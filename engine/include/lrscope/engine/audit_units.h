#pragma once

// The independent units of an audit, which the shards of a job array share out (lrscope audit
// --shard I/N): per seed, its range test with the training of its suggestion, then one training
// per grid point. Each unit needs only range tests, which every shard can run again bit for bit
// (the first seed's, which centres the grid, and the unit's own seed's), never another unit.
#include "lrscope/engine/audit_summary.h"

#include <cstddef>
#include <optional>

namespace lrscope::engine {

struct AuditUnit {
  int seedIndex = 0; ///< 0 for the first seed (--seed), 1 for the next, ...
  /// The grid point it trains; none: the seed's range test and its suggested training.
  std::optional<std::size_t> gridIndex;
};

/// The grid points each seed trains as the plan has them: a centred grid's points, or the whole
/// fixed grid (where it ends is known only once the first seed has trained it).
[[nodiscard]] int auditPlannedGridPoints(const AuditPlan& plan);

/// seeds x (grid points + 1).
[[nodiscard]] int auditUnitCount(const AuditPlan& plan);

/// Unit `unit` (0 <= unit < auditUnitCount(plan)), in the order a local audit runs them: seed by
/// seed, its range test and suggestion first. Throws std::out_of_range for another unit.
[[nodiscard]] AuditUnit auditUnit(const AuditPlan& plan, int unit);

/// The number of `unit` (auditUnit's inverse).
[[nodiscard]] int auditUnitIndex(const AuditPlan& plan, const AuditUnit& unit);

} // namespace lrscope::engine
