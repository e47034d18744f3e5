#include "run_labels.h"
#include "number_format.h"

#include <algorithm>

#include <QFileInfo>
#include <QObject>
#include <QStringList>

namespace lrscope::ui {

QString dataLabel(const std::string& dataSource) {
  const QString text = QString::fromStdString(dataSource);
  return text.contains('/') ? QFileInfo(text).fileName() : text;
}

QString kindText(engine::RunKind kind) {
  switch (kind) {
  case engine::RunKind::RangeTest:
    return QObject::tr("range test");
  case engine::RunKind::GroupRangeTest:
    return QObject::tr("per-group range test");
  case engine::RunKind::RepeatedRangeTest:
    return QObject::tr("repeated range test");
  case engine::RunKind::Training:
    return QObject::tr("training");
  case engine::RunKind::Sweep:
    return QObject::tr("sweep");
  case engine::RunKind::Audit:
    return QObject::tr("audit");
  case engine::RunKind::Imported:
    return QObject::tr("imported curve");
  case engine::RunKind::Unknown:
    break;
  }
  return QObject::tr("unknown kind");
}

QString scheduleKindText(engine::ScheduleKind kind) {
  switch (kind) {
  case engine::ScheduleKind::OneCycle:
    return QObject::tr("one-cycle");
  case engine::ScheduleKind::CosineWarmup:
    return QObject::tr("cosine");
  case engine::ScheduleKind::StepDecay:
    return QObject::tr("step decay");
  case engine::ScheduleKind::Constant:
    return QObject::tr("constant");
  case engine::ScheduleKind::ReduceOnPlateau:
    return QObject::tr("reduce on plateau");
  case engine::ScheduleKind::Triangular:
  case engine::ScheduleKind::Triangular2:
  case engine::ScheduleKind::ExpRange:
    break;
  }
  return QString::fromStdString(engine::toString(kind)); // the cyclical ones' own names
}

QString runListName(const storage::RunSummary& run) {
  QString name = QStringLiteral("#%1 %2").arg(run.id).arg(kindText(run.kind));
  if (std::find(run.tags.begin(), run.tags.end(), "audit") == run.tags.end())
    return name;
  QString peak;
  QStringList about;
  for (const std::string& tag : run.tags) {
    const QString text = QString::fromStdString(tag);
    if (text.startsWith(QLatin1String("peak:")))
      peak = text.mid(5);
    else if (text.startsWith(QLatin1String("seed:")))
      about.prepend(QObject::tr("seed %1").arg(text.mid(5)));
    else if (text == QLatin1String("suggested"))
      about.append(QObject::tr("suggested"));
  }
  if (!peak.isEmpty())
    name += QObject::tr(", peak %1").arg(peak);
  if (!about.isEmpty())
    name += QStringLiteral(" (%1)").arg(about.join(QStringLiteral(", ")));
  return name;
}

QString groupTestLabel(const storage::GroupTestRun& test) {
  if (test.isWholeModel())
    return QObject::tr("all groups");
  if (test.groupName.empty())
    return QObject::tr("group %1").arg(*test.group);
  return QString::fromStdString(test.groupName);
}

QString statusText(engine::StoredStatus status) {
  return QString::fromLatin1(engine::toString(status).data(),
                             static_cast<qsizetype>(engine::toString(status).size()));
}

std::string experimentOrDefault(const QString& name) {
  const QString trimmed = name.trimmed();
  return trimmed.isEmpty() ? std::string("default") : trimmed.toStdString();
}

QString runLrText(const storage::RunSummary& run) {
  if (run.rangeLower && run.rangeUpper)
    return lrShortText(*run.rangeLower) + QStringLiteral(" – ") + lrShortText(*run.rangeUpper);
  if (run.peakLr)
    return QObject::tr("peak %1").arg(lrShortText(*run.peakLr));
  return {};
}

} // namespace lrscope::ui
