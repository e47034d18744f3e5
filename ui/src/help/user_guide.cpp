#include "help/user_guide.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace lrscope::ui {

QString userGuidePath(const QString& programDir) {
  const QDir dir(programDir);
  for (const QString& candidate : {QStringLiteral("../share/doc/lrscope/docs/guide.md"),
                                   QStringLiteral("../../docs/guide.md")}) {
    const QFileInfo guide(dir.filePath(candidate));
    if (guide.isFile())
      return guide.canonicalFilePath();
  }
  return QString();
}

QDialog* newUserGuideViewer(const QString& path, QWidget* parent) {
  auto* dialog = new QDialog(parent);
  dialog->setObjectName("userGuide");
  dialog->setWindowTitle(QDialog::tr("LR Scope user guide"));
  dialog->resize(900, 760);
  auto* browser = new QTextBrowser;
  browser->setObjectName("userGuideText");
  browser->setOpenExternalLinks(true); // http(s) links: the desktop's browser
  browser->setSearchPaths({QFileInfo(path).absolutePath()});
  browser->setSource(QUrl::fromLocalFile(path), QTextDocument::MarkdownResource);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(browser);
  layout->addWidget(buttons);
  return dialog;
}

} // namespace lrscope::ui
