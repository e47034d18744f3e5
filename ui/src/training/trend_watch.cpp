#include "training/trend_watch.h"

#include "number_format.h"

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace lrscope::ui {
namespace {

QString slopeText(double value, const QString& unit) {
  if (!std::isfinite(value))
    return missingText();
  return QString("%1%2 %3").arg(value >= 0 ? "+" : "").arg(value, 0, 'g', 3).arg(unit);
}

QString colorOf(TrendKind kind) {
  switch (kind) {
  case TrendKind::Rising:
    return QStringLiteral("#c62828");
  case TrendKind::Overfitting:
  case TrendKind::Flat:
    return QStringLiteral("#b26a00");
  case TrendKind::Improving:
    return QStringLiteral("#2e7d32");
  case TrendKind::TooEarly:
    break;
  }
  return QStringLiteral("#555555");
}

} // namespace

TrendWatch::TrendWatch(QWidget* parent)
    : QGroupBox(tr("Loss trend"), parent), m_message(new QLabel), m_numbers(new QLabel) {
  setObjectName("trendWatch");
  m_message->setObjectName("trendMessage");
  m_message->setWordWrap(true);
  m_numbers->setObjectName("trendNumbers");
  m_numbers->setWordWrap(true);
  m_numbers->setToolTip(tr("Least-squares slopes: ln(smoothed training loss) per 100 steps over "
                           "the last 200 steps; validation loss per epoch over the last 3"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_message);
  layout->addWidget(m_numbers);
  update({}, {});
}

void TrendWatch::update(const std::vector<engine::EpochRecord>& epochs,
                        const std::vector<double>& smoothedLosses) {
  m_verdict = assessTrend(epochs, smoothedLosses);
  m_message->setText(QString::fromStdString(m_verdict.message));
  m_message->setStyleSheet(QString("font-weight: bold; color: %1").arg(colorOf(m_verdict.kind)));
  m_numbers->setText(
      tr("training: %1 · validation: %2 · %n epoch(s)", nullptr, static_cast<int>(epochs.size()))
          .arg(slopeText(m_verdict.trainSlopePer100Steps, tr("ln-loss/100 steps")),
               slopeText(m_verdict.validationSlopePerEpoch, tr("/epoch"))));
}

QString TrendWatch::message() const {
  return m_message->text();
}

} // namespace lrscope::ui
