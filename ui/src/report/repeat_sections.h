#pragma once

// The part of a report that a repeated range test has in place of a single test's curve.
#include "report/report_document.h"

#include <QColor>

#include <vector>

namespace lrscope::ui {

struct ReportRun;

/// The median curve with the band and each rule's whisker, the verdict, the spread table (the
/// range's bounds and every rule) and the picked range. The repeats' own table and curves
/// follow from addPartSections.
void addRepeatSections(const ReportRun& run, const QColor& color, std::vector<ReportBlock>& blocks);

} // namespace lrscope::ui
