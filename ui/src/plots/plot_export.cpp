// Plot exports (PNG, SVG, PDF of the current view) and the right-click menu that offers them.
#include "plots/plot_export.h"

#include "qcustomplot_include.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgGenerator>

#include <filesystem>
#include <memory>
#include <system_error>

namespace lrscope::ui {
namespace {

const QString kFolderSetting = QStringLiteral("plotExportFolder");
constexpr int kStatusMilliseconds = 8000;

/// QSvgGenerator (before Qt 6.7) writes no clip paths, so a curve would run past the axes up to
/// its next point outside the view. On a layer just under the axes, this paints the plot's
/// background (white, QCustomPlot's default, which the plots keep) over everything outside the
/// axis rects: what the clipping does on screen. Lives only while one SVG is drawn.
class OutsideAxesMask : public QCPLayerable {
public:
  OutsideAxesMask(QCustomPlot* plot, QCPLayer* layer) : QCPLayerable(plot) { setLayer(layer); }

protected:
  void applyDefaultAntialiasingHint(QCPPainter* painter) const override {
    painter->setAntialiasing(false);
  }
  void draw(QCPPainter* painter) override {
    QPainterPath outside;
    outside.setFillRule(Qt::OddEvenFill);
    outside.addRect(mParentPlot->viewport());
    for (QCPAxisRect* rect : mParentPlot->axisRects())
      outside.addRect(rect->rect());
    painter->fillPath(outside, Qt::white);
  }
};

bool writeSvg(QCustomPlot& plot, const QString& file) {
  const QByteArray svg = plotSvg(plot, plot.size());
  QFile out(file);
  return !svg.isEmpty() && out.open(QIODevice::WriteOnly) && out.write(svg) == svg.size() &&
         out.flush();
}

bool writePlot(QCustomPlot& plot, const QString& file, PlotFormat format, double scale) {
  switch (format) {
  case PlotFormat::Png:
    return plot.savePng(file, 0, 0, scale);
  case PlotFormat::Svg:
    return writeSvg(plot, file);
  case PlotFormat::Pdf:
    return plot.savePdf(file, 0, 0, QCP::epAllowCosmetic, QStringLiteral("LR Scope"));
  }
  return false;
}

/// "loss vs learning rate" -> "loss-vs-learning-rate".
QString slug(const QString& text) {
  QString result = text.toLower();
  result.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
  while (result.startsWith('-'))
    result.remove(0, 1);
  while (result.endsWith('-'))
    result.chop(1);
  return result;
}

} // namespace

QString plotFormatSuffix(PlotFormat format) {
  switch (format) {
  case PlotFormat::Png:
    return QStringLiteral("png");
  case PlotFormat::Svg:
    return QStringLiteral("svg");
  case PlotFormat::Pdf:
    return QStringLiteral("pdf");
  }
  return {};
}

QByteArray plotSvg(QCustomPlot& plot, const QSize& size, int dpi, const QString& title) {
  const QString maskLayer = QStringLiteral("svgExportMask");
  plot.addLayer(maskLayer, plot.layer(QStringLiteral("axes")), QCustomPlot::limBelow);
  auto mask = std::make_unique<OutsideAxesMask>(&plot, plot.layer(maskLayer));
  const auto removeMask = qScopeGuard([&] {
    mask.reset();
    plot.removeLayer(plot.layer(maskLayer));
  });

  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator generator;
  generator.setOutputDevice(&buffer);
  generator.setSize(size);
  generator.setViewBox(QRect(QPoint(0, 0), size));
  generator.setResolution(dpi);
  generator.setTitle(title);
  QCPPainter painter;
  if (!painter.begin(&generator))
    return {};
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  plot.toPainter(&painter, size.width(), size.height());
  painter.end();
  return buffer.data();
}

QString exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format, double scale) {
  if (!(scale > 0.0) || scale > 10.0)
    return QObject::tr("%1: a PNG scale of %2 makes no sense; use 1 to 10").arg(path).arg(scale);
  const QFileInfo target(path);
  if (target.isDir())
    return QObject::tr("%1 is a folder; choose a file name").arg(path);
  if (!target.absoluteDir().exists())
    return QObject::tr("%1: cannot write here: the folder %2 does not exist; choose another")
        .arg(path, target.absolutePath());
  try {
    engine::refuseUnsafeOutput(QFile::encodeName(path).toStdString());
  } catch (const engine::InputError& error) {
    return QString::fromStdString(error.what());
  }
  const QString temporary = path + QStringLiteral(".part");
  QFile::remove(temporary);
  if (!writePlot(plot, temporary, format, scale) || QFileInfo(temporary).size() == 0) {
    QFile::remove(temporary);
    return QObject::tr("%1: cannot write here; choose a writable folder").arg(path);
  }
  std::error_code error;
  std::filesystem::rename(QFile::encodeName(temporary).toStdString(),
                          QFile::encodeName(path).toStdString(), error);
  if (error) {
    QFile::remove(temporary);
    return QObject::tr("%1: cannot replace the file: %2")
        .arg(path, QString::fromStdString(error.message()));
  }
  return {};
}

PlotExportMenu::PlotExportMenu(QCustomPlot* plot, std::function<void()> beforeExport)
    : QObject(plot), m_plot(plot), m_menu(new QMenu(plot)), m_pngMenu(nullptr),
      m_beforeExport(std::move(beforeExport)),
      m_chooseFile([](QWidget* parent, const QString& title, const QString& suggested,
                      const QString& filter) {
        return QFileDialog::getSaveFileName(parent, title, suggested, filter);
      }) {
  setObjectName(QStringLiteral("plotExportMenu"));
  m_menu->setObjectName(QStringLiteral("plotContextMenu"));
  m_pngMenu = m_menu->addMenu(tr("Export as &PNG"));
  for (const int scale : {1, 2, 3}) {
    QAction* action = m_pngMenu->addAction(QStringLiteral("%1x…").arg(scale), this, [this, scale] {
      exportAs(PlotFormat::Png, static_cast<double>(scale));
    });
    action->setData(scale);
  }
  m_menu->addAction(tr("Export as &SVG…"), this, [this] { exportAs(PlotFormat::Svg); });
  m_menu->addAction(tr("Export as P&DF…"), this, [this] { exportAs(PlotFormat::Pdf); });
  connect(m_menu, &QMenu::aboutToShow, this, &PlotExportMenu::updatePngSizes);

  m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(m_plot, &QWidget::customContextMenuRequested, this,
          [this](const QPoint& position) { m_menu->popup(m_plot->mapToGlobal(position)); });
}

void PlotExportMenu::setFileChooser(FileChooser chooser) {
  m_chooseFile = std::move(chooser);
}

QString PlotExportMenu::suggestedFileName(PlotFormat format) const {
  const QString y = slug(m_plot->yAxis->label());
  const QString x = slug(m_plot->xAxis->label());
  QString name = y.isEmpty() || x.isEmpty() ? QStringLiteral("plot") : y + "-vs-" + x;
  return name + "." + plotFormatSuffix(format);
}

void PlotExportMenu::exportAs(PlotFormat format, double scale) {
  if (m_beforeExport)
    m_beforeExport();
  const QString suffix = plotFormatSuffix(format);
  QSettings settings;
  const QString folder =
      settings.value(kFolderSetting, QStandardPaths::writableLocation(QStandardPaths::HomeLocation))
          .toString();
  const QString filters[] = {tr("PNG image (*.png)"), tr("SVG vector image (*.svg)"),
                             tr("PDF document (*.pdf)")};
  QString path = m_chooseFile(m_plot->window(), tr("Export the plot as %1").arg(suffix.toUpper()),
                              QDir(folder).filePath(suggestedFileName(format)),
                              filters[static_cast<int>(format)]);
  if (path.isEmpty())
    return;
  if (!path.endsWith("." + suffix, Qt::CaseInsensitive))
    path += "." + suffix;
  const QString error = exportPlot(*m_plot, path, format, scale);
  if (!error.isEmpty()) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok,
                                m_plot->window());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    Q_EMIT exportFailed(error);
    return;
  }
  settings.setValue(kFolderSetting, QFileInfo(path).absolutePath());
  if (auto* window = qobject_cast<QMainWindow*>(m_plot->window()))
    window->statusBar()->showMessage(tr("Plot written to %1").arg(path), kStatusMilliseconds);
  Q_EMIT exported(path);
}

void PlotExportMenu::updatePngSizes() {
  for (QAction* action : m_pngMenu->actions()) {
    const int scale = action->data().toInt();
    action->setText(tr("%1x (%2 × %3 px)…")
                        .arg(scale)
                        .arg(m_plot->width() * scale)
                        .arg(m_plot->height() * scale));
  }
}

} // namespace lrscope::ui
