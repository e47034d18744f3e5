// Writes a report's files (PDF, HTML) atomically, for lrscope report and the Export dialog.
#include "report/report_export.h"

#include "report/html_report.h"
#include "report/pdf_report.h"
#include "report/report_content.h"
#include "report/report_document.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/storage_error.h"

#include <QApplication>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>

namespace lrscope::ui {
namespace {

QPageSize::PageSizeId pageSizeId(std::string name) {
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "a4")
    return QPageSize::A4;
  if (name == "letter")
    return QPageSize::Letter;
  throw engine::InputError("the page size is a4 or letter, got '" + name + "'");
}

/// Fails before anything is drawn when a file cannot be written, so that no file of the
/// report is written while another one fails.
void checkWritable(const std::filesystem::path& file) {
  engine::refuseUnsafeOutput(file);
  std::error_code ignored;
  if (std::filesystem::is_directory(file, ignored))
    throw engine::InputError(file.string() + ": is a folder; give a file name");
  std::filesystem::path probe = file;
  probe += ".part";
  {
    std::ofstream out(probe, std::ios::binary | std::ios::trunc);
    if (!out)
      throw engine::InputError(file.string() + ": cannot write here; choose a writable folder");
  }
  std::filesystem::remove(probe, ignored);
}

void writeBytes(const std::filesystem::path& file, const QByteArray& bytes) {
  engine::writeFileAtomically(file, [&bytes](std::ostream& out) {
    out.write(bytes.constData(), static_cast<std::streamsize>(bytes.size()));
  });
}

/// Qt's notes on a headless start (no XDG_RUNTIME_DIR, fonts guessed) are noise on a command
/// line whose errors come as exceptions; only its critical messages get through.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type == QtCriticalMsg || type == QtFatalMsg)
    std::fprintf(stderr, "lrscope: qt: %s\n", qPrintable(message));
}

bool platformChosen() {
  const char* platform = std::getenv("QT_QPA_PLATFORM");
  return platform != nullptr && *platform != '\0';
}

} // namespace

ReportWritten writeReport(const storage::RunDatabase& database, const ReportFiles& request) {
  if (request.pdf.empty() && request.html.empty())
    throw engine::InputError("a report needs --pdf FILE or --html FILE (or both)");
  if (!request.pdf.empty() && request.pdf == request.html)
    throw engine::InputError(request.pdf.string() + ": give the PDF and the HTML file different "
                                                    "names");
  const QPageSize::PageSizeId pageSize = pageSizeId(request.pageSize);
  const ReportContent content = gatherReport(database, request.runIds);
  for (const std::filesystem::path& file : {request.pdf, request.html})
    if (!file.empty())
      checkWritable(file);

  const std::vector<ReportBlock> blocks = buildReportDocument(content);
  ReportWritten written;
  std::optional<PdfReport> pdf;
  if (!request.pdf.empty()) {
    pdf = pdfReport(content, blocks, pageSize);
    if (pdf->bytes.isEmpty())
      throw engine::InputError(request.pdf.string() + ": the PDF could not be drawn");
  }
  const QByteArray html = request.html.empty() ? QByteArray() : htmlReport(content, blocks);
  if (pdf) {
    writeBytes(request.pdf, pdf->bytes);
    written.pdfPages = pdf->pages;
  }
  if (!request.html.empty())
    writeBytes(request.html, html);
  return written;
}

ReportWritten writeReportFiles(const ReportFiles& request) {
  std::unique_ptr<QApplication> application;
  if (QCoreApplication::instance() == nullptr) {
    // A report opens no window: draw offscreen, display or not, unless told otherwise.
    if (!platformChosen())
      setenv("QT_QPA_PLATFORM", "offscreen", 1);
    qInstallMessageHandler(quietQtMessages);
    static int argc = 1;
    static char name[] = "lrscope";
    static char* argv[] = {name, nullptr};
    application = std::make_unique<QApplication>(argc, argv);
  }
  // Reading only: a database that is not there is a typo, not one to create.
  if (!std::filesystem::exists(request.database))
    throw storage::StorageError(request.database.string() +
                                ": no such database; give --db PATH of an LR Scope database");
  const storage::RunDatabase database(request.database, storage::RunDatabase::Access::ReadOnly);
  return writeReport(database, request);
}

} // namespace lrscope::ui
