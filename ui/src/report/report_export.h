#pragma once

// Gathers a report's runs and writes the files asked for: what `lrscope report` and the app's
// Export report dialog both call.

#include "lrscope/ui/report.h"

namespace lrscope::storage {
class RunDatabase;
}

namespace lrscope::ui {

/// As writeReportFiles, on a database already open (request.database is ignored), in a
/// running QApplication.
[[nodiscard]] ReportWritten writeReport(const storage::RunDatabase& database,
                                        const ReportFiles& request);

} // namespace lrscope::ui
