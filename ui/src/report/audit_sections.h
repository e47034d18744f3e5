#pragma once

// The part of a report that an audit has in place of a single run's curves.
#include "report/report_document.h"

#include <vector>

namespace lrscope::ui {

struct ReportRun;

/// The audit's picture (test metric against peak LR, the suggestion and range over it), the
/// verdict and cost, the table of peak LRs and the table of range tests.
void addAuditSections(const ReportRun& run, std::vector<ReportBlock>& blocks);

} // namespace lrscope::ui
