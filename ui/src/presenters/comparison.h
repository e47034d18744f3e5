#pragma once

#include "presenters/run_presenter.h"

#include <vector>

namespace lrscope::ui {

/// Several runs of any kinds overlaid, each in its colour (loaded at most kComparisonPoints steps
/// each; training runs also per epoch), and a table of them in the details that shows what
/// matters for their kinds (ComparisonTable).
void showComparison(const RunView& view, const std::vector<storage::RunCurve>& runs);
/// An epoch that a compared training run just finished, for the comparison's table.
void addComparedEpoch(const RunView& view, qint64 runId, const engine::EpochRecord& record);

} // namespace lrscope::ui
