#pragma once

// The report as a single self-contained HTML file: the style sheet inline, every figure an
// inline SVG, no external file or URL.

#include <QByteArray>

#include <vector>

namespace lrscope::ui {

struct ReportBlock;
struct ReportContent;

/// The HTML document (UTF-8).
[[nodiscard]] QByteArray htmlReport(const ReportContent& content,
                                    const std::vector<ReportBlock>& blocks);

} // namespace lrscope::ui
