#include "bench/paint_watch.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QWidget>
#include <QWindow>

namespace lrscope::ui {

PaintWatch::PaintWatch(QWidget* window, QObject* parent) : QObject(parent), m_window(window) {
  QCoreApplication::instance()->installEventFilter(this);
}

PaintWatch::~PaintWatch() {
  QCoreApplication::instance()->removeEventFilter(this);
}

bool PaintWatch::waitUntilPainted(int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  bool painted = false;
  while (clock.elapsed() < timeoutMs) {
    const int before = m_paints;
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    const bool exposed =
        m_window->windowHandle() != nullptr && m_window->windowHandle()->isExposed();
    if (painted && m_paints == before)
      return true; // the turn after the paint had nothing more to draw
    painted = exposed && m_paints > 0;
  }
  return false;
}

bool PaintWatch::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::Paint && watched->isWidgetType() &&
      static_cast<QWidget*>(watched)->window() == m_window)
    ++m_paints;
  return QObject::eventFilter(watched, event);
}

} // namespace lrscope::ui
