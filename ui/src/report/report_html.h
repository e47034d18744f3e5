#pragma once

// The blocks of a report as HTML that both Qt's rich text (the PDF) and browsers (the HTML
// report) read, and the style sheet that goes with it.

#include <QString>

namespace lrscope::ui {

struct ReportBlock;
struct ReportTable;

/// A heading, paragraph or table block as HTML; empty for a figure.
[[nodiscard]] QString blockHtml(const ReportBlock& block);
/// Rows [first, last) of a table, with its header (for a table split across pages).
[[nodiscard]] QString tableHtml(const ReportTable& table, std::size_t first, std::size_t last);
/// A figure's caption as HTML.
[[nodiscard]] QString captionHtml(const QString& caption);

/// CSS for the classes and tags used above, in the subset Qt's rich text understands.
[[nodiscard]] QString reportStyleSheet();

} // namespace lrscope::ui
