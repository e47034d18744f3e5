#include "app_icon.h"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace lrscope::ui {

QIcon appIcon() {
  QSvgRenderer renderer(QStringLiteral(":/lrscope.svg"));
  QIcon icon;
  if (!renderer.isValid())
    return icon; // never in a build: the SVG is a resource of this library
  for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    icon.addPixmap(pixmap);
  }
  return icon;
}

} // namespace lrscope::ui
