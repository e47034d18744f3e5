// Report blocks as HTML that both Qt's rich text and browsers read.
#include "report/report_html.h"

#include "report/report_document.h"

#include <algorithm>

namespace lrscope::ui {
namespace {

bool isNumberColumn(const ReportTable& table, int column) {
  return std::find(table.numberColumns.begin(), table.numberColumns.end(), column) !=
         table.numberColumns.end();
}

QString cell(const char* tag, const QString& text, bool number, const char* cssClass = nullptr) {
  QString attributes;
  if (number)
    attributes += QStringLiteral(" align=\"right\" class=\"num\"");
  else if (cssClass != nullptr)
    attributes += QStringLiteral(" class=\"%1\"").arg(QLatin1String(cssClass));
  return QStringLiteral("<%1%2>%3</%1>")
      .arg(QLatin1String(tag), attributes, text.toHtmlEscaped().replace('\n', "<br>"));
}

/// Where a two-column table's rows [first, last) break: the group start nearest the middle.
std::size_t columnBreak(const ReportTable& table, std::size_t first, std::size_t last) {
  const std::size_t middle = first + (last - first + 1) / 2;
  std::size_t best = last;
  for (std::size_t r = first + 1; r < last; ++r) {
    const bool startsGroup = !table.rows[r].isEmpty() && !table.rows[r].front().isEmpty();
    const auto distance = [middle](std::size_t row) {
      return row > middle ? row - middle : middle - row;
    };
    if (startsGroup && (best == last || distance(r) < distance(best)))
      best = r;
  }
  return best;
}

QString tableRowsHtml(const ReportTable& table, std::size_t first, std::size_t last) {
  const bool keyValue = table.header.isEmpty();
  // Rows that go on from an earlier page or column name their group again.
  QString continuedGroup;
  if (table.twoColumns && first < last && !table.rows[first].isEmpty() &&
      table.rows[first].front().isEmpty())
    for (std::size_t r = first; r-- > 0 && continuedGroup.isEmpty();)
      if (!table.rows[r].isEmpty())
        continuedGroup = table.rows[r].front();
  QString html = keyValue ? QStringLiteral("<table class=\"facts\" cellspacing=\"0\" "
                                           "cellpadding=\"3\">")
                          : QStringLiteral("<table class=\"grid\" width=\"100%\" "
                                           "cellspacing=\"0\" cellpadding=\"3\">");
  if (!keyValue) {
    html += QStringLiteral("<thead><tr>");
    for (int c = 0; c < table.header.size(); ++c)
      html += cell("th", table.header[c], isNumberColumn(table, c));
    html += QStringLiteral("</tr></thead>");
  }
  html += QStringLiteral("<tbody>");
  for (std::size_t r = first; r < std::min(last, table.rows.size()); ++r) {
    html += QStringLiteral("<tr>");
    QStringList row = table.rows[r];
    if (r == first && !continuedGroup.isEmpty())
      row.front() = continuedGroup;
    for (int c = 0; c < row.size(); ++c)
      html += keyValue && c == 0 ? cell("th", row[c], false, "key")
                                 : cell("td", row[c], isNumberColumn(table, c));
    html += QStringLiteral("</tr>");
  }
  return html + QStringLiteral("</tbody></table>");
}

} // namespace

QString tableHtml(const ReportTable& table, std::size_t first, std::size_t last) {
  last = std::min(last, table.rows.size());
  if (table.twoColumns && last - first > 8) {
    const std::size_t split = columnBreak(table, first, last);
    return QStringLiteral(
               "<table class=\"columns\" width=\"100%\" cellspacing=\"0\" "
               "cellpadding=\"0\"><tr><td class=\"half\" width=\"50%\" valign=\"top\">%1</td>"
               "<td class=\"half\" width=\"50%\" valign=\"top\">%2</td></tr></table>")
        .arg(tableRowsHtml(table, first, split), tableRowsHtml(table, split, last));
  }
  return tableRowsHtml(table, first, last);
}

QString blockHtml(const ReportBlock& block) {
  using Kind = ReportBlock::Kind;
  switch (block.kind) {
  case Kind::Title:
    return QStringLiteral("<h1>%1</h1>").arg(block.text.toHtmlEscaped());
  case Kind::Heading:
    return QStringLiteral("<h2>%1</h2>").arg(block.text.toHtmlEscaped());
  case Kind::Subheading:
    return QStringLiteral("<h3>%1</h3>").arg(block.text.toHtmlEscaped());
  case Kind::Paragraph:
    return QStringLiteral("<p>%1</p>").arg(block.text);
  case Kind::Note:
    return QStringLiteral("<p class=\"note\">%1</p>").arg(block.text);
  case Kind::Table:
    return tableHtml(block.table, 0, block.table.rows.size());
  case Kind::Figure:
    break;
  }
  return {};
}

QString captionHtml(const QString& caption) {
  return QStringLiteral("<p class=\"caption\">%1</p>").arg(caption.toHtmlEscaped());
}

QString reportStyleSheet() {
  return QStringLiteral(
      "h1 { font-size: 18pt; font-weight: bold; color: #263238; margin: 0; }\n"
      "h2 { font-size: 13pt; font-weight: bold; color: #263238; margin: 0; }\n"
      "h3 { font-size: 10.5pt; font-weight: bold; color: #37474f; margin: 0; }\n"
      "p { margin: 0; }\n"
      "p.note { color: #616161; font-size: 8pt; }\n"
      "p.caption { color: #616161; font-size: 8pt; font-style: italic; }\n"
      "table { border-collapse: collapse; }\n"
      "th, td { border-bottom: 1px solid #e0e0e0; padding: 2px 6px; vertical-align: top; }\n"
      "table.grid th { background-color: #eceff1; text-align: left; }\n"
      "th.key { text-align: left; font-weight: bold; color: #455a64; }\n"
      ".num { text-align: right; }\n"
      "td.half { border-bottom: none; padding: 0 12px 0 0; }\n");
}

} // namespace lrscope::ui
