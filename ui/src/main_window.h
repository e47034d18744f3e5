#pragma once

#include <QMainWindow>

class QLabel;
class QTableWidget;

namespace lrscope::ui {

class LrCurvePlot;

/// The desktop app's window: a loss-vs-LR plot of a recorded curve with every rule's
/// suggestion and LR Scope's range, and the same numbers in a table beside it.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);

  /// Loads and shows a curve file; on failure returns false and sets errorString().
  bool openCurve(const QString& path);
  [[nodiscard]] QString errorString() const { return m_errorString; }

private:
  void createMenus();
  void chooseCurve();
  void showAbout();

  LrCurvePlot* m_plot;
  QTableWidget* m_suggestions;
  QLabel* m_rangeLabel;
  QString m_errorString;
};

} // namespace lrscope::ui
