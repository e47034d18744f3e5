#include "lrscope/engine/stored_status.h"

#include "named_values.h"

namespace lrscope::engine {

std::string_view toString(StoredStatus status) {
  switch (status) {
  case StoredStatus::Running:
    return "running";
  case StoredStatus::Completed:
    return "completed";
  case StoredStatus::Diverged:
    return "diverged";
  case StoredStatus::Cancelled:
    return "cancelled";
  case StoredStatus::Failed:
    return "failed";
  case StoredStatus::Interrupted:
    return "interrupted";
  case StoredStatus::Unknown:
    break;
  }
  return "unknown";
}

std::optional<StoredStatus> parseStoredStatus(std::string_view text) {
  return detail::valueNamed(text, knownStoredStatuses());
}

StoredStatus storedStatusFromText(std::string_view text) {
  return parseStoredStatus(text).value_or(StoredStatus::Unknown);
}

const std::vector<StoredStatus>& knownStoredStatuses() {
  static const std::vector<StoredStatus> statuses{
      StoredStatus::Running,   StoredStatus::Completed, StoredStatus::Diverged,
      StoredStatus::Cancelled, StoredStatus::Failed,    StoredStatus::Interrupted};
  return statuses;
}

RunStatus runStatusOf(StoredStatus status) {
  switch (status) {
  case StoredStatus::Running:
    return RunStatus::Running;
  case StoredStatus::Completed:
    return RunStatus::Completed;
  case StoredStatus::Diverged:
    return RunStatus::Diverged;
  case StoredStatus::Failed:
    return RunStatus::Failed;
  default: // cancelled, interrupted, unknown: the run did not reach its end
    return RunStatus::Cancelled;
  }
}

StoredStatus storedStatus(RunStatus status) {
  switch (status) {
  case RunStatus::Running:
    return StoredStatus::Running;
  case RunStatus::Completed:
    return StoredStatus::Completed;
  case RunStatus::Diverged:
    return StoredStatus::Diverged;
  case RunStatus::Cancelled:
    return StoredStatus::Cancelled;
  case RunStatus::Failed:
    return StoredStatus::Failed;
  }
  return StoredStatus::Unknown;
}

} // namespace lrscope::engine
