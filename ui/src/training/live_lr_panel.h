#pragma once

#include "lrscope/engine/lr_events.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace lrscope::ui {

/// Changes the LR of the running training from the status bar: an absolute value, x0.5, x2 or
/// a free factor. It only asks (changeRequested); the window forwards the request to the run
/// queue, which applies it before the next step.
class LiveLrPanel : public QWidget {
  Q_OBJECT
public:
  explicit LiveLrPanel(QWidget* parent = nullptr);

  /// The LR of the last step (first group), shown beside the fields; NaN clears it.
  void setCurrentLr(double lr);
  /// One line under the fields, e.g. why a value was refused or what was applied.
  void showMessage(const QString& text, bool error);

Q_SIGNALS:
  /// value is positive and finite: the LR for Set, the factor for Scale.
  void changeRequested(lrscope::engine::LrChange::Kind kind, double value);

private:
  void requestFromField(QLineEdit* field, engine::LrChange::Kind kind, const QString& what);

  QLabel* m_current;
  QLineEdit* m_absolute;
  QLineEdit* m_factor;
  QLabel* m_message;
};

} // namespace lrscope::ui
