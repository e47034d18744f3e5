#pragma once

// Exports of a plot as it is shown (PNG, SVG, PDF), and the right-click menu that offers them
// on every plot.

#include <QByteArray>
#include <QObject>
#include <QSize>
#include <QString>

#include <functional>

class QCustomPlot;
class QMenu;
class QWidget;

namespace lrscope::ui {

enum class PlotFormat { Png, Svg, Pdf };

/// "png", "svg" or "pdf".
[[nodiscard]] QString plotFormatSuffix(PlotFormat format);

/// Writes what `plot` shows now (its current axis ranges, at its size on screen) to `path`:
/// PNG with `scale` times as many pixels each way, SVG and PDF as vectors. Written through
/// "PATH.part" and a rename, so a failure leaves nothing behind and an existing file stays as
/// it was. Returns "" on success, else a one-line message naming the file and what to do.
[[nodiscard]] QString exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format,
                                 double scale = 1.0);

/// What `plot` shows, as SVG at `size` (QCustomPlot's own painter, so it looks as on screen),
/// with what Qt's SVG writer cannot clip masked. `dpi` sets the text's physical size.
[[nodiscard]] QByteArray plotSvg(QCustomPlot& plot, const QSize& size, int dpi = 96,
                                 const QString& title = QStringLiteral("LR Scope plot"));

/// A plot's right-click menu: "Export as PNG" (1x, 2x, 3x the size on screen), "Export as
/// SVG…", "Export as PDF…". It asks for a file, exports the current view, says where it went
/// on the window's status bar, and shows an error in a message box. Created as a child of the
/// plot, which it takes the right button of (the range markers listen to the left one only).
class PlotExportMenu : public QObject {
  Q_OBJECT
public:
  /// Asks where to write; "" cancels. Called with the dialog's parent, title, suggested path
  /// and name filter.
  using FileChooser =
      std::function<QString(QWidget*, const QString&, const QString&, const QString&)>;

  /// beforeExport runs before each export, e.g. to hide a crosshair that is not part of it.
  explicit PlotExportMenu(QCustomPlot* plot, std::function<void()> beforeExport = {});

  /// The menu shown on a right click; owned by the plot.
  [[nodiscard]] QMenu* menu() const { return m_menu; }
  /// Replaces the file dialog, e.g. in tests.
  void setFileChooser(FileChooser chooser);
  /// Asks for a file and exports the plot to it.
  void exportAs(PlotFormat format, double scale = 1.0);
  /// The file name offered first: the plot's axis labels, e.g. "loss-vs-learning-rate.png".
  [[nodiscard]] QString suggestedFileName(PlotFormat format) const;

Q_SIGNALS:
  void exported(const QString& path);
  void exportFailed(const QString& message);

private:
  void updatePngSizes();

  QCustomPlot* m_plot;
  QMenu* m_menu;
  QMenu* m_pngMenu;
  std::function<void()> m_beforeExport;
  FileChooser m_chooseFile;
};

} // namespace lrscope::ui
