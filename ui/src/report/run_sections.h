#pragma once

// The parts of a run's section that depend on its kind: range test (or imported curve),
// training run, sweep.

#include "plots/plotted_run.h"
#include "report/report_document.h"

#include "lrscope/storage/run_database.h"

#include <QColor>
#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

struct ReportRun;

/// "#3 mlp on fashion-mnist", as the app's legends name a run.
[[nodiscard]] QString runLabel(const ReportRun& run);
/// The run as the app's plots take it, in this colour.
[[nodiscard]] PlottedRun plottedRun(const ReportRun& run, const QColor& color);

/// What the picked range is, where it came from and how to train with it (rich text).
[[nodiscard]] QString rangeParagraph(const std::optional<storage::StoredRange>& range);

/// Loss vs LR with the suggestions and the picked range, the range (moved by hand or not) and
/// the table of suggestions with their rules.
void addRangeTestSections(const ReportRun& run, const QColor& color,
                          std::vector<ReportBlock>& blocks);
/// Loss and LR (the schedule) per step, loss and accuracy per epoch, the final metrics, the
/// checkpoint and the events.
void addTrainingSections(const ReportRun& run, const QColor& color,
                         std::vector<ReportBlock>& blocks);
/// The runs a run is made of (a per-group range test's groups): a table, and their loss vs LR
/// together.
void addPartSections(const ReportRun& run, std::vector<ReportBlock>& blocks);
/// The learning rates of a sweep: each one's outcome (the eliminated ones with rung and
/// reason) and their validation loss per epoch.
void addSweepSections(const ReportRun& run, std::vector<ReportBlock>& blocks);

} // namespace lrscope::ui
