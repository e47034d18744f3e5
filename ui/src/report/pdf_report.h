#pragma once

// The report as a PDF: A4 or Letter pages, text from Qt's rich text, figures drawn as vectors,
// a footer with the subject and "Page i of n" on every page.

#include <QByteArray>
#include <QPageSize>

#include <vector>

namespace lrscope::ui {

struct ReportBlock;
struct ReportContent;

struct PdfReport {
  QByteArray bytes;
  int pages = 0;
};

/// Lays the blocks out on pages (a heading never ends a page, a long table continues on the
/// next with its header) and draws them. Needs a QGuiApplication.
[[nodiscard]] PdfReport pdfReport(const ReportContent& content,
                                  const std::vector<ReportBlock>& blocks,
                                  QPageSize::PageSizeId pageSize);

} // namespace lrscope::ui
