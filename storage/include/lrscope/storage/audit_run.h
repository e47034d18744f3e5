#pragma once

#include "lrscope/engine/audit_summary.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>

namespace lrscope::storage {

/// A stored audit: the parent run, what it ran (read back from its children) and what that says.
struct AuditRun {
  RunDetails run; ///< the parent (kind Audit)
  engine::AuditRecord record;
  /// engine::summarizeAudit(record); when the audit stopped before its first range test found a
  /// range, no summary (seeds 0).
  engine::AuditSummary summary;
};

/// Reads an audit (kind "audit") and its children. Each range test is its seed's (the child's
/// seed); each training is a grid point when its peak LR (schedule max_lr) is one of the grid
/// centred on the first seed's automatic upper bound, and its seed's suggestion when the peak is
/// that seed's automatic upper bound. The metric is the last epoch's, for a completed training.
/// Throws StorageError when the run does not exist or is of another kind.
[[nodiscard]] AuditRun loadAudit(const RunDatabase& database, int64_t auditRunId);

} // namespace lrscope::storage
