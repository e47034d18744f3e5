#pragma once

// The report as a list of blocks (headings, paragraphs, tables, figures) that the PDF and the
// HTML writer both lay out: one description of what a report says, two renderings.

#include "report/report_figure.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace lrscope::ui {

struct ReportContent;

struct ReportTable {
  QStringList header;             ///< empty: a key-value table, its first column as labels
  std::vector<QStringList> rows;  ///< plain text, one cell per column
  std::vector<int> numberColumns; ///< right-aligned
  /// A long key-value table drawn as two halves side by side, split where a row starts a
  /// group (a non-empty first cell).
  bool twoColumns = false;
};

struct ReportBlock {
  enum class Kind { Title, Heading, Subheading, Paragraph, Note, Table, Figure };
  Kind kind = Kind::Paragraph;
  /// Title, headings: plain text. Paragraph, Note: rich text, already escaped (<b>, <i>, <br>,
  /// <code> only), as both Qt's rich text and browsers read it.
  QString text;
  ReportTable table;
  std::shared_ptr<const ReportFigure> figure;
  bool newPage = false; ///< a run's section of a comparison starts a page in the PDF
};

/// Everything the report says about these runs, in order.
[[nodiscard]] std::vector<ReportBlock> buildReportDocument(const ReportContent& content);

/// The report's title line, e.g. "Run #3: range test of mlp on fashion-mnist".
[[nodiscard]] QString reportSubject(const ReportContent& content);

/// Block constructors, for the sections.
[[nodiscard]] ReportBlock headingBlock(ReportBlock::Kind kind, const QString& text);
[[nodiscard]] ReportBlock paragraphBlock(const QString& richText,
                                         ReportBlock::Kind kind = ReportBlock::Kind::Paragraph);
[[nodiscard]] ReportBlock tableBlock(ReportTable table);
[[nodiscard]] ReportBlock figureBlock(ReportFigure figure);

} // namespace lrscope::ui
