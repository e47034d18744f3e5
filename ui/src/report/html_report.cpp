// The HTML report: one file, the style sheet inline, every figure an inline SVG.
#include "report/html_report.h"

#include "report/report_content.h"
#include "report/report_document.h"
#include "report/report_html.h"
#include "report/report_plots.h"

#include <QFontInfo>
#include <QGuiApplication>
#include <QRegularExpression>

namespace lrscope::ui {
namespace {

/// Size of a figure in CSS pixels; the SVG scales to the page's width.
const QSize kFigureSize(860, 460);
constexpr int kCssDpi = 96;

/// The <svg> element of a standalone SVG document, made to scale with the page.
QString inlineSvg(const QByteArray& document) {
  QString svg = QString::fromUtf8(document);
  const qsizetype start = svg.indexOf(QStringLiteral("<svg"));
  if (start < 0)
    return {};
  svg = svg.mid(start);
  // The root's fixed width and height (in mm) give way to the page's width; the viewBox keeps
  // the proportions.
  static const QRegularExpression size(QStringLiteral("^<svg([^>]*?)\\s(width|height)=\"[^\"]*\""));
  for (int i = 0; i < 2; ++i)
    svg.replace(size, QStringLiteral("<svg\\1"));
  svg.replace(0, 4, QStringLiteral("<svg class=\"plot\" role=\"img\""));
  return svg;
}

} // namespace

QByteArray htmlReport(const ReportContent& content, const std::vector<ReportBlock>& blocks) {
  QString html;
  html +=
      QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"LR Scope %1\">\n<title>%2</title>\n")
          .arg(QString::fromStdString(content.version).toHtmlEscaped(),
               (QStringLiteral("LR Scope report: ") + reportSubject(content)).toHtmlEscaped());
  // The rules shared with the PDF first; the page's own spacing after them.
  html += QStringLiteral("<style>\n") + reportStyleSheet();
  html += QStringLiteral(
      "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', "
      "sans-serif; font-size: 14px; color: #212121; max-width: 920px; margin: 2em auto; "
      "padding: 0 1em; line-height: 1.4; }\n"
      "h1, h2, h3 { margin: 1.2em 0 0.4em; }\n"
      "h1 { margin-top: 0; }\n"
      "h2 { border-bottom: 2px solid #cfd8dc; padding-bottom: 0.2em; }\n"
      "p { margin: 0.4em 0; }\n"
      "p.note, p.caption { font-size: 12px; }\n"
      "table { margin: 0.4em 0 0.8em; }\n"
      "table.grid { width: 100%; }\n"
      "figure { margin: 0.6em 0 1em; }\n"
      "svg.plot { width: 100%; height: auto; display: block; }\n"
      "section.run { margin-top: 2.5em; }\n");
  // The SVG names the font the plots were laid out with as Qt knows it ("Sans Serif" is a
  // fontconfig alias browsers do not know); name the real family, then any sans-serif.
  html += QStringLiteral("svg.plot text { font-family: '%1', sans-serif; }\n")
              .arg(QFontInfo(QGuiApplication::font()).family());
  html += QStringLiteral("</style>\n</head>\n<body>\n");
  bool inSection = false;
  for (const ReportBlock& block : blocks) {
    if (block.newPage) {
      if (inSection)
        html += QStringLiteral("</section>\n");
      html += QStringLiteral("<section class=\"run\">\n");
      inSection = true;
    }
    if (block.kind == ReportBlock::Kind::Figure) {
      html += QStringLiteral("<figure>\n") +
              inlineSvg(figureSvg(*block.figure, kFigureSize, kCssDpi)) +
              QStringLiteral("\n<figcaption>") + captionHtml(block.figure->caption) +
              QStringLiteral("</figcaption>\n</figure>\n");
    } else {
      html += blockHtml(block) + QLatin1Char('\n');
    }
  }
  if (inSection)
    html += QStringLiteral("</section>\n");
  html += QStringLiteral("</body>\n</html>\n");
  return html.toUtf8();
}

} // namespace lrscope::ui
