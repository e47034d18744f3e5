// The user guide's pictures: every one the guide and the README show is in docs/images, small
// and not blank, and docs/make-pictures.sh still makes each of them with the program itself (on
// a short configuration), so that they cannot silently go stale.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kSourceDir = QStringLiteral(LRSCOPE_SOURCE_DIR);
constexpr qint64 kMostBytes = 150 * 1024;

/// The pictures a Markdown file shows from docs/images, by file name ("main-window.png").
QStringList picturesShownIn(const QString& markdown) {
  QFile file(markdown);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  const QString text = QString::fromUtf8(file.readAll());
  QStringList names;
  static const QRegularExpression image(
      QStringLiteral(R"(!\[[^\]]*\]\((?:docs/)?images/([^)\s]+\.png)\))"));
  for (auto match = image.globalMatch(text); match.hasNext();) {
    const QString name = match.next().captured(1);
    if (!names.contains(name))
      names.append(name);
  }
  return names;
}

/// Why a PNG is not a picture worth showing (missing, too big, blank); empty when it is.
QString pictureProblem(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists())
    return QStringLiteral("%1 is missing").arg(path);
  if (info.size() > kMostBytes)
    return QStringLiteral("%1 has %2 bytes, more than 150 KB").arg(path).arg(info.size());
  const QImage image(path);
  if (image.isNull() || image.width() < 300 || image.height() < 200)
    return QStringLiteral("%1 is not a picture of a window or page").arg(path);
  // Blank: one colour nearly everywhere (a report's page is ~92% paper), or hardly any colours.
  QHash<QRgb, int> counts;
  int samples = 0;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3) {
      ++counts[image.pixel(x, y)];
      ++samples;
    }
  int most = 0;
  for (const int count : counts)
    most = std::max(most, count);
  if (counts.size() < 16 || most > samples * 97 / 100)
    return QStringLiteral("%1 is nearly blank (%2 colours, the commonest on %3% of it)")
        .arg(path)
        .arg(counts.size())
        .arg(100 * most / samples);
  return QString();
}

} // namespace

class GuidePicturesTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void theGuideAndTheReadmeShowPicturesThatAreThere() {
    const QStringList guide = picturesShownIn(kSourceDir + "/docs/guide.md");
    QVERIFY2(guide.size() >= 8, qPrintable(guide.join(", ")));
    QStringList all = guide + picturesShownIn(kSourceDir + "/README.md");
    all.removeDuplicates();
    for (const QString& name : all) {
      const QString problem = pictureProblem(kSourceDir + "/docs/images/" + name);
      QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
  }

  void theScriptMakesEveryPictureTheGuideShows() {
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QProcess script;
    script.setProcessChannelMode(QProcess::MergedChannels);
    script.start(kSourceDir + "/docs/make-pictures.sh",
                 {"--quick", QStringLiteral(LRSCOPE_EXECUTABLE), out.path()});
    QVERIFY2(script.waitForFinished(12 * 60 * 1000), "the script ran for more than 12 minutes");
    const QString log = QString::fromUtf8(script.readAll());
    QVERIFY2(script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0,
             qPrintable(log));
    QStringList shown =
        picturesShownIn(kSourceDir + "/docs/guide.md") + picturesShownIn(kSourceDir + "/README.md");
    shown.removeDuplicates();
    for (const QString& name : shown) {
      const QString problem = pictureProblem(out.filePath(name));
      QVERIFY2(problem.isEmpty(), qPrintable(problem + "\n" + log));
    }
  }
};

QTEST_MAIN(GuidePicturesTest)
#include "guide_pictures_test.moc"
