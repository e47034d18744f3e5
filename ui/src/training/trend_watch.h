#pragma once

#include "training/loss_trend.h"

#include <QGroupBox>

#include <vector>

class QLabel;

namespace lrscope::ui {

/// The loss-trend watch of a training run: the verdict of assessTrend as a plain sentence
/// (coloured by how urgent it is) and the two slopes behind it. Shown beside the details of a
/// training run, live and afterwards.
class TrendWatch : public QGroupBox {
  Q_OBJECT
public:
  explicit TrendWatch(QWidget* parent = nullptr);

  /// Judges the run again from its epochs and the smoothed loss of every step so far.
  void update(const std::vector<engine::EpochRecord>& epochs,
              const std::vector<double>& smoothedLosses);

  [[nodiscard]] const TrendVerdict& verdict() const { return m_verdict; }
  [[nodiscard]] QString message() const;

private:
  QLabel* m_message;
  QLabel* m_numbers;
  TrendVerdict m_verdict;
};

} // namespace lrscope::ui
