// The PDF report: blocks laid out on pages, figures drawn as vectors, a footer on each page.
#include "report/pdf_report.h"

#include "report/report_content.h"
#include "report/report_document.h"
#include "report/report_html.h"
#include "report/report_plots.h"

#include "qcustomplot_include.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QGuiApplication>
#include <QPdfWriter>
#include <QScreen>
#include <QTextDocument>

#include <algorithm>
#include <memory>

namespace lrscope::ui {
namespace {

constexpr double kMarginMm = 16.0;
constexpr double kFigureAspect = 0.5; ///< height / width of a figure

/// One thing placed on a page: a piece of rich text or a figure with its caption.
struct Placed {
  std::shared_ptr<QTextDocument> text; ///< the text, or the figure's caption
  const ReportFigure* figure = nullptr;
  QSize figureSize;
  double y = 0.0;
  double height = 0.0;
};

using Page = std::vector<Placed>;

/// Lays the blocks out page by page, in device units of the writer.
class PageLayout {
public:
  PageLayout(QPdfWriter& writer, double width, double bodyHeight)
      : m_writer(writer), m_width(width), m_bodyHeight(bodyHeight) {
    m_font = QGuiApplication::font();
    m_font.setPointSizeF(9.0);
    m_pages.emplace_back();
  }

  std::vector<Page> layOut(const std::vector<ReportBlock>& blocks) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const ReportBlock& block = blocks[i];
      if (block.newPage && !m_pages.back().empty())
        newPage();
      m_y += gapBefore(block);
      if (block.kind == ReportBlock::Kind::Table)
        placeTable(block.table);
      else if (block.kind == ReportBlock::Kind::Figure)
        placeFigure(*block.figure);
      else
        placeText(block, i + 1 < blocks.size() ? &blocks[i + 1] : nullptr);
    }
    return std::move(m_pages);
  }

private:
  std::shared_ptr<QTextDocument> document(const QString& html) const {
    auto doc = std::make_shared<QTextDocument>();
    doc->documentLayout()->setPaintDevice(&m_writer);
    doc->setDefaultFont(m_font);
    doc->setDefaultStyleSheet(reportStyleSheet());
    doc->setDocumentMargin(0);
    doc->setHtml(html);
    doc->setTextWidth(m_width);
    return doc;
  }

  double gapBefore(const ReportBlock& block) const {
    if (m_pages.back().empty() && m_y == 0.0)
      return 0.0;
    const double line = QFontMetricsF(m_font, &m_writer).height();
    switch (block.kind) {
    case ReportBlock::Kind::Heading:
      return 1.6 * line;
    case ReportBlock::Kind::Subheading:
      return 1.0 * line;
    default:
      return 0.4 * line;
    }
  }

  double remaining() const { return m_bodyHeight - m_y; }

  void newPage() {
    m_pages.emplace_back();
    m_y = 0.0;
  }

  void place(Placed item) {
    if (item.height > remaining() && !m_pages.back().empty())
      newPage();
    item.y = m_y;
    m_y += item.height;
    m_pages.back().push_back(std::move(item));
  }

  /// Height of what follows a heading that must share its page: a figure or table's start.
  double startHeight(const ReportBlock& next) {
    if (next.kind == ReportBlock::Kind::Figure)
      return figureHeight(*next.figure);
    if (next.kind == ReportBlock::Kind::Table) {
      const double whole = tableHeight(next.table, 0, next.table.rows.size());
      return keptTogether(whole)
                 ? whole
                 : tableHeight(next.table, 0, std::min<std::size_t>(3, next.table.rows.size()));
    }
    return document(blockHtml(next))->size().height();
  }

  void placeText(const ReportBlock& block, const ReportBlock* next) {
    Placed item;
    item.text = document(blockHtml(block));
    item.height = item.text->size().height();
    const bool heading =
        block.kind == ReportBlock::Kind::Heading || block.kind == ReportBlock::Kind::Subheading;
    if (heading && next != nullptr && !next->newPage && !m_pages.back().empty() &&
        item.height + startHeight(*next) > remaining())
      newPage(); // never the last thing on a page
    place(std::move(item));
  }

  double tableHeight(const ReportTable& table, std::size_t first, std::size_t last) const {
    return document(tableHtml(table, first, last))->size().height();
  }

  /// A table this short moves to the next page whole rather than split.
  bool keptTogether(double height) const { return height <= 0.35 * m_bodyHeight; }

  /// As many rows as fit on each page, the header (and a group's label) repeated; a short
  /// table stays in one piece.
  void placeTable(const ReportTable& table) {
    const std::size_t count = table.rows.size();
    if (const double whole = tableHeight(table, 0, count);
        keptTogether(whole) || whole <= remaining()) {
      Placed item;
      item.text = document(tableHtml(table, 0, count));
      item.height = whole;
      place(std::move(item));
      return;
    }
    std::size_t first = 0;
    do {
      std::size_t fit = rowsThatFit(table, first, remaining());
      if (fit == 0 && !m_pages.back().empty()) {
        newPage();
        fit = rowsThatFit(table, first, remaining());
      }
      fit = std::max<std::size_t>(fit, std::min<std::size_t>(1, count - first)); // a huge row
      if (fit > 2 && first + fit + 1 == count)
        --fit; // no lone last row on the next page
      Placed item;
      item.text = document(tableHtml(table, first, first + fit));
      item.height = item.text->size().height();
      place(std::move(item));
      first += fit;
    } while (first < count);
  }

  std::size_t rowsThatFit(const ReportTable& table, std::size_t first, double space) {
    std::size_t low = 0;
    std::size_t high = table.rows.size() - first;
    while (low < high) { // the largest n with height(rows first..first+n) <= space
      const std::size_t middle = (low + high + 1) / 2;
      if (document(tableHtml(table, first, first + middle))->size().height() <= space)
        low = middle;
      else
        high = middle - 1;
    }
    return low;
  }

  double figureHeight(const ReportFigure& figure) {
    return m_width * kFigureAspect + document(captionHtml(figure.caption))->size().height();
  }

  void placeFigure(const ReportFigure& figure) {
    Placed item;
    item.figure = &figure;
    item.figureSize = QSize(static_cast<int>(m_width), static_cast<int>(m_width * kFigureAspect));
    item.text = document(captionHtml(figure.caption));
    item.height = item.figureSize.height() + item.text->size().height();
    place(std::move(item));
  }

  QPdfWriter& m_writer;
  QFont m_font;
  double m_width;
  double m_bodyHeight;
  double m_y = 0.0;
  std::vector<Page> m_pages;
};

void paintFooter(QCPPainter& painter, const QRectF& area, const QString& subject, int page,
                 int pages) {
  QFont font = QGuiApplication::font();
  font.setPointSizeF(7.5);
  painter.setFont(font);
  painter.setPen(QPen(QColor(189, 189, 189), 0));
  painter.drawLine(area.topLeft(), area.topRight());
  painter.setPen(QColor(117, 117, 117));
  const QString pageText = QObject::tr("Page %1 of %2").arg(page).arg(pages);
  const QFontMetricsF metrics(font, painter.device());
  const QRectF text = area.adjusted(0, metrics.height() * 0.4, 0, 0);
  painter.drawText(text, Qt::AlignRight | Qt::AlignTop, pageText);
  const double room = text.width() - metrics.horizontalAdvance(pageText) - metrics.height() * 2;
  painter.drawText(text, Qt::AlignLeft | Qt::AlignTop,
                   metrics.elidedText(subject, Qt::ElideRight, room));
}

int deviceDpi() {
  // Plots measure their text with the screen's font metrics: draw at the same resolution.
  const QScreen* screen = QGuiApplication::primaryScreen();
  return screen != nullptr ? std::max(72, qRound(screen->logicalDotsPerInchY())) : 96;
}

} // namespace

PdfReport pdfReport(const ReportContent& content, const std::vector<ReportBlock>& blocks,
                    QPageSize::PageSizeId pageSize) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QPdfWriter writer(&buffer);
  writer.setResolution(deviceDpi());
  writer.setPageSize(QPageSize(pageSize));
  writer.setPageMargins(QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm),
                        QPageLayout::Millimeter);
  const QString subject = reportSubject(content);
  writer.setTitle(QObject::tr("LR Scope report: %1").arg(subject));
  writer.setCreator(QStringLiteral("LR Scope %1").arg(QString::fromStdString(content.version)));

  const double width = writer.width();
  const double footer = QFontMetricsF(QGuiApplication::font(), &writer).height() * 2.0;
  const double bodyHeight = writer.height() - footer;
  const std::vector<Page> pages = PageLayout(writer, width, bodyHeight).layOut(blocks);

  QCPPainter painter;
  if (!painter.begin(&writer))
    return {};
  painter.setRenderHint(QPainter::Antialiasing);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    if (p > 0)
      writer.newPage();
    for (const Placed& item : pages[p]) {
      painter.save();
      painter.translate(0, item.y);
      if (item.figure != nullptr) {
        paintFigure(*item.figure, painter, item.figureSize);
        painter.translate(0, item.figureSize.height());
      }
      item.text->drawContents(&painter);
      painter.restore();
    }
    paintFooter(painter, QRectF(0, writer.height() - footer * 0.8, width, footer * 0.8), subject,
                static_cast<int>(p) + 1, static_cast<int>(pages.size()));
  }
  painter.end();
  return {buffer.data(), static_cast<int>(pages.size())};
}

} // namespace lrscope::ui
