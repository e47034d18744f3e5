#pragma once

#include "presenters/run_presenter.h"

#include <vector>

namespace lrscope::ui {

/// Several runs of any kinds overlaid, each in its colour (loaded at most kComparisonPoints steps
/// each), and a table of their statuses and picked ranges in the details.
void showComparison(const RunView& view, const std::vector<storage::RunCurve>& runs);

} // namespace lrscope::ui
