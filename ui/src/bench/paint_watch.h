#pragma once

#include <QObject>

class QWidget;

namespace lrscope::ui {

/// Sees the paint events of a window and its children, to tell when what was shown or changed
/// has reached the screen (the backing store). Lives on, and must be used from, the UI thread;
/// the window must outlive it.
class PaintWatch : public QObject {
  Q_OBJECT
public:
  explicit PaintWatch(QWidget* window, QObject* parent = nullptr);
  ~PaintWatch() override;

  /// Forgets the paints seen so far.
  void reset() { m_paints = 0; }
  [[nodiscard]] int paints() const { return m_paints; }
  /// Runs the event loop until the window is exposed and a turn of it painted the window,
  /// then until a turn paints nothing more; false after timeoutMs without that.
  [[nodiscard]] bool waitUntilPainted(int timeoutMs = 10000);

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  QWidget* m_window;
  int m_paints = 0;
};

} // namespace lrscope::ui
