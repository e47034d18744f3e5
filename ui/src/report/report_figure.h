#pragma once

// A plot of the report, described by its data: the PDF and HTML writers draw it with
// paintFigure (report_plots.h), as vectors.

#include "plots/plotted_run.h"

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/sweep_summary.h"

#include <QColor>
#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

struct ReportFigure {
  enum class Kind {
    LossVsLr,        ///< the app's Loss vs LR plot: suggestions and range for one run
    LossVsStep,      ///< the app's Loss vs step plot
    LrVsStep,        ///< the app's LR vs step plot: the schedule, events marked
    EpochMetrics,    ///< loss (left axis) and accuracy (right axis) per epoch of one run
    SweepValidation, ///< the app's sweep plot: validation loss per epoch, a line per LR
    Audit            ///< the app's audit plot: test metric vs peak LR
  };
  Kind kind = Kind::LossVsLr;
  QString caption;
  std::vector<PlottedRun> runs; ///< LossVsLr, LossVsStep, LrVsStep, EpochMetrics (with epochs)
  std::optional<storage::SweepSummary> sweep = std::nullopt; ///< SweepValidation
  std::optional<storage::AuditRun> audit = std::nullopt;     ///< Audit
};

} // namespace lrscope::ui
