#include "help/user_guide.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QImage>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

/// Widest a picture is shown: the window's screenshots (1,400 px) fit the viewer without
/// scrolling sideways; smaller pictures keep their size.
constexpr qreal kPictureWidth = 840;

/// Gives every picture of the shown page at most kPictureWidth, its height in proportion.
void fitPictures(QTextBrowser* browser) {
  QTextDocument* document = browser->document();
  QTextCursor cursor(document);
  for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
    for (auto it = block.begin(); !it.atEnd(); ++it) {
      const QTextFragment fragment = it.fragment();
      if (!fragment.charFormat().isImageFormat())
        continue;
      QTextImageFormat picture = fragment.charFormat().toImageFormat();
      QImage image;
      const QVariant data =
          browser->loadResource(QTextDocument::ImageResource, QUrl(picture.name()));
      if (!image.loadFromData(data.toByteArray()) || image.width() <= kPictureWidth)
        continue;
      picture.setWidth(kPictureWidth);
      picture.setHeight(kPictureWidth * image.height() / image.width());
      cursor.setPosition(fragment.position());
      cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
      cursor.setCharFormat(picture);
    }
}

} // namespace

QDialog* newUserGuideViewer(QWidget* parent) {
  auto* dialog = new QDialog(parent);
  dialog->setObjectName("userGuide");
  dialog->setWindowTitle(QDialog::tr("LR Scope user guide"));
  dialog->setModal(false); // read it beside the window it explains
  dialog->resize(900, 760);
  auto* browser = new QTextBrowser;
  browser->setObjectName("userGuideText");
  browser->setOpenExternalLinks(true); // http(s) links: the desktop's browser
  QObject::connect(browser, &QTextBrowser::sourceChanged, browser,
                   [browser] { fitPictures(browser); });
  browser->setSource(QUrl(kUserGuideUrl), QTextDocument::MarkdownResource);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  QPushButton* back = buttons->addButton(QDialog::tr("Back"), QDialogButtonBox::ActionRole);
  back->setObjectName("userGuideBack");
  back->setEnabled(false);
  QObject::connect(browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
  QObject::connect(back, &QPushButton::clicked, browser, &QTextBrowser::backward);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(browser);
  layout->addWidget(buttons);
  return dialog;
}

} // namespace lrscope::ui
