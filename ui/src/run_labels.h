#pragma once

#include "lrscope/engine/lr_schedule.h"
#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/stored_status.h"
#include "lrscope/storage/group_range_test_summary.h"
#include "lrscope/storage/run_database.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// A data set as the user named it: the file or folder name of a path, a built-in name as is.
[[nodiscard]] QString dataLabel(const std::string& dataSource);

/// "range test", "per-group range test", "repeated range test", "training", "sweep", "audit",
/// "imported curve"; "unknown kind".
[[nodiscard]] QString kindText(engine::RunKind kind);
/// A schedule as the app names it: "one-cycle", "cosine", "step decay", "constant", "reduce on
/// plateau", "triangular", "triangular2", "exp-range".
[[nodiscard]] QString scheduleKindText(engine::ScheduleKind kind);
/// A run as the run list names it: "#5 training", and for a run tagged "audit" (the runs of an
/// audit) what its other tags say it was: "#5 training, peak 6.58e-2 (seed 1, suggested)",
/// "#2 range test (seed 1)".
[[nodiscard]] QString runListName(const storage::RunSummary& run);
/// The test of a per-group range test as the app and the report name it: "all groups" for the
/// whole-model test, the group's name, or "group N" when it was stored without one.
[[nodiscard]] QString groupTestLabel(const storage::GroupTestRun& test);
/// "completed", "diverged", ... as stored.
[[nodiscard]] QString statusText(engine::StoredStatus status);
/// The learning rate a run stands for, as the run list shows it: its picked range "2.5e-4 –
/// 3e-2", or a training run's peak "peak 1e-2"; empty when it has neither.
[[nodiscard]] QString runLrText(const storage::RunSummary& run);

/// The experiment a new run goes into: the name given, trimmed, or "default".
[[nodiscard]] std::string experimentOrDefault(const QString& name);

} // namespace lrscope::ui
