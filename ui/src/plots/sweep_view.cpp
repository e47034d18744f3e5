#include "plots/sweep_view.h"

#include "number_format.h"
#include "plots/sweep_epoch_plot.h"
#include "plots/sweep_loss_plot.h"
#include "plots/sweep_style.h"
#include "run_labels.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace lrscope::ui {

SweepView::SweepView(QWidget* parent)
    : QWidget(parent), m_headline(new QLabel), m_splitter(new QSplitter(Qt::Vertical)),
      m_epochPlot(new SweepEpochPlot), m_lossPlot(new SweepLossPlot) {
  setObjectName("sweepView");
  m_headline->setObjectName("sweepHeadline");
  m_headline->setWordWrap(true);
  m_headline->setTextFormat(Qt::RichText);
  m_headline->setContentsMargins(6, 4, 6, 2);
  m_epochPlot->setObjectName("sweepEpochPlot");
  m_lossPlot->setObjectName("sweepLossPlot");
  m_splitter->setObjectName("sweepSplitter");
  m_splitter->addWidget(m_epochPlot);
  m_splitter->addWidget(m_lossPlot);
  m_splitter->setChildrenCollapsible(false);
  m_splitter->setStretchFactor(0, 3); // the epoch plot carries the legend
  m_splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(m_headline);
  layout->addWidget(m_splitter, 1);
}

void SweepView::setSweep(const storage::SweepSummary& sweep) {
  if (sweep.run.summary.id != m_sweepRunId)
    m_progressText.clear();
  m_sweepRunId = sweep.run.summary.id;
  m_epochPlot->setSweep(sweep);
  m_lossPlot->setSweep(sweep);

  const std::size_t k = sweep.candidates.size();
  QString text = tr("<b>Sweep #%1</b> · %2 learning rates from %3 to %4, %5 epoch(s) per rung")
                     .arg(sweep.run.summary.id)
                     .arg(k)
                     .arg(sweepLrText(sweep.lowerLr), sweepLrText(sweep.upperLr))
                     .arg(sweep.epochsPerRung);
  if (sweep.best) {
    const storage::SweepCandidateRun& best = sweep.candidates[*sweep.best];
    text += tr(" · <b>best %1</b> (validation loss %2, accuracy %3)")
                .arg(sweepLrText(best.lr), lossText(best.finalValidationLoss()),
                     percentText(best.finalValidationAccuracy()));
  } else if (sweep.run.summary.status != engine::StoredStatus::Running) {
    text += tr(" · %1: %2")
                .arg(statusText(sweep.run.summary.status),
                     QString::fromStdString(sweep.run.message).toHtmlEscaped());
  }
  m_summaryText = text;
  if (sweep.run.summary.status != engine::StoredStatus::Running)
    m_progressText.clear();
  updateHeadline();
}

void SweepView::setProgressText(const QString& text) {
  m_progressText = text;
  updateHeadline();
}

QString SweepView::headline() const {
  return m_headline->text();
}

void SweepView::updateHeadline() {
  m_headline->setText(m_progressText.isEmpty() ? m_summaryText
                                               : m_summaryText + QStringLiteral("<br>") +
                                                     m_progressText.toHtmlEscaped());
}

} // namespace lrscope::ui
