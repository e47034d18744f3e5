#pragma once

#include "lrscope/engine/run_record.h"

#include <optional>
#include <string_view>
#include <vector>

namespace lrscope::engine {

/// A stored run's status: how its job ended (RunStatus), or Interrupted when the process that
/// ran it is gone. Text only at the SQL and JSON boundaries (toString / storedStatusFromText).
enum class StoredStatus {
  Running,
  Completed,
  Diverged,
  Cancelled,
  Failed,
  Interrupted,
  Unknown, ///< written by a newer LR Scope
};

/// "running", "completed", "diverged", "cancelled", "failed", "interrupted"; "unknown".
[[nodiscard]] std::string_view toString(StoredStatus status);
/// The status stored as this text; Unknown for a text no LR Scope of this version writes.
[[nodiscard]] StoredStatus storedStatusFromText(std::string_view text);
/// The status a user names (e.g. `lrscope runs --status diverged`); nullopt for any other text.
[[nodiscard]] std::optional<StoredStatus> parseStoredStatus(std::string_view text);
/// Every status but Unknown, in declaration order.
[[nodiscard]] const std::vector<StoredStatus>& knownStoredStatuses();
/// How a job's end is stored.
[[nodiscard]] StoredStatus storedStatus(RunStatus status);
/// The run status a stored one stands for: interrupted (and anything unknown) as cancelled, a
/// run that did not reach its end.
[[nodiscard]] RunStatus runStatusOf(StoredStatus status);

} // namespace lrscope::engine
