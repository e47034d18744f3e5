#pragma once

// A repeated range test as the plots draw it, in the app and in reports.
#include "plots/plotted_run.h"

#include "lrscope/storage/repeated_range_test_summary.h"

#include <QColor>
#include <QString>

namespace lrscope::ui {

/// The test's median curve (no raw loss) with the band of its repeats, each rule's median
/// suggestion with a whisker from its lowest to its highest repeat, and the parent's picked
/// range (the median range unless moved by hand).
[[nodiscard]] PlottedRun repeatedPlottedRun(const storage::RunDetails& parent,
                                            const engine::RepeatSummary& summary,
                                            const QString& label, const QColor& color);

/// "repeat 2 (seed 43)": a repeat's name within its test.
[[nodiscard]] QString repeatLabel(std::size_t index, const storage::RunDetails& repeat);

} // namespace lrscope::ui
