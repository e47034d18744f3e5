#include "dialogs/image_folder_fields.h"

#include "lrscope/engine/image_folder.h"
#include "lrscope/engine/input_error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

QString count(std::size_t n) {
  return QLocale().toString(static_cast<qlonglong>(n));
}

} // namespace

ImageFolderFields::ImageFolderFields(QWidget* parent)
    : QWidget(parent), m_size(newLineEdit(this, "imageSize", tr("the files' size"))),
      m_channels(newComboBox(this, "imageChannels")),
      m_skipBad(new QCheckBox(tr("S&kip bad images"), this)),
      m_useCache(new QCheckBox(tr("Cache decoded images"), this)), m_found(new QLabel(this)) {
  setObjectName(QStringLiteral("imageFolderFields"));
  m_skipBad->setObjectName(QStringLiteral("skipBadImages"));
  m_useCache->setObjectName(QStringLiteral("useImageCache"));
  m_found->setObjectName(QStringLiteral("imagesFound"));
  m_channels->addItem(tr("channels of the files"), 0);
  m_channels->addItem(tr("1 (gray)"), 1);
  m_channels->addItem(tr("3 (colour)"), 3);
  m_size->setToolTip(tr("N or HxW (e.g. 32 or 28x32): each image is scaled to cover it and "
                        "centre-cropped; empty keeps the files' size when they all agree"));
  m_skipBad->setToolTip(tr("Skip files that cannot be decoded, counted in the run's report, "
                           "instead of stopping at the first"));
  m_useCache->setToolTip(tr("Keep the decoded, resized images in the cache folder, so that the "
                            "next run on this folder starts at once (on again in each new "
                            "dialog: it changes the speed, never the run)"));
  m_useCache->setChecked(true);
  m_found->setWordWrap(true);
  m_found->hide(); // until a folder is listed

  m_size->setMinimumWidth(m_size->fontMetrics().averageCharWidth() * 14);
  setFocusProxy(m_size); // the form's "Images" mnemonic
  auto* sizeLabel = new QLabel(tr("Size:"), this);
  auto* channelsLabel = new QLabel(tr("&Channels:"), this);
  channelsLabel->setBuddy(m_channels);
  auto* shape = new QHBoxLayout;
  shape->setContentsMargins(0, 0, 0, 0);
  shape->addWidget(sizeLabel);
  shape->addWidget(m_size, 1);
  shape->addWidget(channelsLabel);
  shape->addWidget(m_channels);
  auto* reading = new QHBoxLayout;
  reading->setContentsMargins(0, 0, 0, 0);
  reading->addWidget(m_skipBad);
  reading->addWidget(m_useCache);
  reading->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(shape);
  layout->addLayout(reading);
  layout->addWidget(m_found);
}

void ImageFolderFields::setFrom(const engine::ImageOptions& options) {
  m_size->setText(QString::fromStdString(engine::toString(options.size)));
  m_channels->setCurrentIndex(std::max(0, m_channels->findData(options.channels)));
  m_skipBad->setChecked(options.skipBadImages);
  m_useCache->setChecked(options.useCache);
}

void ImageFolderFields::readInto(engine::ImageOptions& options, FieldProblem* problem) const {
  options.channels = m_channels->currentData().toInt();
  options.skipBadImages = m_skipBad->isChecked();
  options.useCache = m_useCache->isChecked();
  const QString size = m_size->text().trimmed();
  try {
    options.size =
        size.isEmpty() ? engine::ImageSize{} : engine::parseImageSize(size.toStdString());
  } catch (const engine::InputError& error) {
    noteProblem(problem, m_size, tr("image size: %1").arg(QString::fromStdString(error.what())));
  }
}

QString ImageFolderFields::showFolder(const QString& folder) {
  m_found->setVisible(!folder.isEmpty());
  if (folder.isEmpty()) {
    m_found->clear();
    return tr("choose a folder of images with one subfolder per class");
  }
  if (folder == m_listedFolder) // walked already: a large folder takes a while
    return m_folderProblem;
  m_listedFolder = folder;
  m_folderProblem.clear();
  try {
    const engine::ImageFolderListing listing = engine::listImageFolder(folder.toStdString());
    QString splits = tr("train %1").arg(count(listing.train.size()));
    if (!listing.validation.empty())
      splits += tr(", val %1").arg(count(listing.validation.size()));
    if (!listing.test.empty())
      splits += tr(", test %1").arg(count(listing.test.size()));
    m_found->setText(tr("Found %1 images in %2 classes (%3)")
                         .arg(count(static_cast<std::size_t>(listing.imageCount())))
                         .arg(listing.classNames.size())
                         .arg(splits));
    return {};
  } catch (const std::exception& error) { // InputError, or a folder the walk cannot read
    m_folderProblem = QString::fromStdString(error.what());
    m_found->setText(m_folderProblem);
    return m_folderProblem;
  }
}

QString ImageFolderFields::foundText() const {
  return m_found->text();
}

} // namespace lrscope::ui
