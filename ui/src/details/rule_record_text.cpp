#include "details/rule_record_text.h"

#include "lrscope/engine/rule_records.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

namespace lrscope::ui {

std::string optimizerOfConfig(const std::string& configJson) {
  const QJsonDocument config = QJsonDocument::fromJson(QByteArray::fromStdString(configJson));
  return config.object()
      .value(QStringLiteral("optimizer"))
      .toObject()
      .value(QStringLiteral("kind"))
      .toString()
      .toStdString();
}

QString ruleRecordCount(const std::string& rule, int version, const std::string& optimizer) {
  if (optimizer.empty())
    return {};
  const std::optional<engine::RuleRecord> record =
      engine::shippedRuleRecord(rule, version, optimizer);
  if (!record)
    return {};
  return QObject::tr("%1 of %2").arg(record->withinOneStd).arg(record->cells);
}

QString ruleRecordText(const std::string& rule, int version, const std::string& optimizer) {
  const QString count = ruleRecordCount(rule, version, optimizer);
  return count.isEmpty()
             ? count
             : QObject::tr("%1 cells with %2").arg(count, QString::fromStdString(optimizer));
}

int ruleVersionOf(const std::string& ruleWithVersion) {
  const std::size_t space = ruleWithVersion.find(" v");
  return space == std::string::npos ? 0 : std::atoi(ruleWithVersion.c_str() + space + 2);
}

std::string ruleNameOf(const std::string& ruleWithVersion) {
  return ruleWithVersion.substr(0, ruleWithVersion.find(" v"));
}

} // namespace lrscope::ui
