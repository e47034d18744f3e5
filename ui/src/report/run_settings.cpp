// A run's settings, read from its stored config JSON, for the report's settings table.
#include "report/run_settings.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <algorithm>
#include <utility>

namespace lrscope::ui {
namespace {

using nlohmann::json;

/// A JSON value as text: numbers to 6 significant digits, booleans yes/no, arrays
/// comma-separated, an LR event as "step 20: scale 0.5".
QString valueText(const json& value) {
  if (value.is_string())
    return QString::fromStdString(value.get<std::string>());
  if (value.is_boolean())
    return value.get<bool>() ? QObject::tr("yes") : QObject::tr("no");
  if (value.is_number_integer())
    return QString::number(value.get<long long>());
  if (value.is_number())
    return QString::number(value.get<double>(), 'g', 6);
  if (value.is_array()) {
    QStringList parts;
    for (const json& item : value)
      parts << valueText(item);
    return parts.join(QStringLiteral(", "));
  }
  if (value.is_null())
    return {};
  if (value.is_object() && value.contains("step") && value.contains("kind") &&
      value.contains("value"))
    return QObject::tr("step %1: %2 %3")
        .arg(valueText(value["step"]), valueText(value["kind"]), valueText(value["value"]));
  return QString::fromStdString(value.dump());
}

/// The keys of each section worth showing, in a reading order; a kind-dependent section picks
/// its keys by kind. Keys not named here follow in alphabetical order.
std::vector<std::string> keysFor(const std::string& section, const json& object) {
  const std::string kind = object.value("kind", std::string());
  std::vector<std::string> keys;
  bool only = true; // the kind names every key that matters
  if (section == "optimizer" && kind == "sgd")
    keys = {"kind", "momentum", "nesterov", "weight_decay"};
  else if (section == "optimizer" && (kind == "adam" || kind == "adamw"))
    keys = {"kind", "beta1", "beta2", "eps", "weight_decay"};
  else if (section == "optimizer" && kind == "rmsprop")
    keys = {"kind", "alpha", "eps", "momentum", "weight_decay"};
  else if (section == "model" && object.value("name", std::string()) != "mlp")
    keys = {"name"}; // the widths are an MLP's
  else if (section == "schedule" && kind == "constant")
    keys = {"kind", "max_lr"};
  else if (section == "schedule" && kind == "step")
    keys = {"kind", "max_lr", "min_lr", "step_size", "gamma"};
  else if (section == "schedule" && kind == "cosine")
    keys = {"kind", "max_lr", "min_lr", "warmup_steps"};
  else if (section == "schedule" && kind == "one-cycle")
    keys = {"kind",      "max_lr",         "div_factor",   "final_div_factor",
            "pct_start", "cycle_momentum", "max_momentum", "base_momentum"};
  else if (section == "schedule" && (kind == "triangular" || kind == "triangular2"))
    keys = {"kind", "max_lr", "min_lr", "half_cycle_steps"};
  else if (section == "schedule" && kind == "exp-range")
    keys = {"kind", "max_lr", "min_lr", "half_cycle_steps", "exp_gamma"};
  else if (section == "schedule" && kind == "plateau")
    keys = {"kind",
            "max_lr",
            "plateau_factor",
            "plateau_patience",
            "plateau_threshold",
            "plateau_cooldown",
            "plateau_min_lr"};
  else
    only = false;
  if (only)
    return keys;
  if (section == "range_test")
    keys = {"start_lr",     "end_lr", "iterations", "mode",      "batch_size",
            "accumulation", "beta",   "diverge",    "val_every", "seed"};
  else if (section == "training")
    keys = {"epochs",          "batch_size", "seed",       "group_lr_factors",
            "group_lr_spread", "lr_events",  "checkpoint", "resume_from"};
  else if (section == "sweep")
    keys = {"lower_lr", "upper_lr", "candidates", "lrs", "epochs_per_rung", "max_rungs"};
  for (const auto& item : object.items())
    if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
      keys.push_back(item.key());
  return keys;
}

/// Values that mean "not used" for a setting only some runs use: null (an optional left out,
/// such as a sample seed that is the run's own) and a few older spellings.
bool isUnset(const std::string& key, const json& value) {
  if (value.is_null())
    return true;
  if (key == "swept_group") // -1 in configs stored before 2026-12: the whole model
    return value.is_number() && value.get<double>() < 0;
  if (key == "other_groups_lr")
    return value.is_number() && value.get<double>() == 0.0;
  return false;
}

QString groupTitle(const std::string& section) {
  static const std::vector<std::pair<std::string, const char*>> kTitles = {
      {"data", "Data set"},
      {"sample", "Sample"},
      {"model", "Model"},
      {"optimizer", "Optimizer"},
      {"range_test", "Range test"},
      {"schedule", "Schedule"},
      {"training", "Training"},
      {"sweep", "Sweep"},
      {"source", "Source"},
      {"repeats", "Repeats"},
      {"audit", "Audit"}};
  for (const auto& [name, title] : kTitles)
    if (name == section)
      return QObject::tr(title);
  return QString::fromStdString(section);
}

/// "weight_decay" -> "weight decay".
QString keyText(const std::string& key) {
  return QString::fromStdString(key).replace('_', ' ');
}

void addSample(const json& sample, std::vector<SettingRow>& rows) {
  const QString group = groupTitle("sample");
  const long long count = sample.value("count", 0LL);
  const double fraction = sample.value("fraction", 0.0);
  const QString size = count > 0      ? QObject::tr("%1 examples").arg(count)
                       : fraction > 0 ? QObject::tr("%1% of the training set").arg(100.0 * fraction)
                                      : QObject::tr("the whole training set");
  rows.push_back({group, QObject::tr("size"), size});
  if (sample.contains("validation"))
    rows.push_back({group, QObject::tr("validation"),
                    QObject::tr("%1 examples").arg(valueText(sample["validation"]))});
}

void addSection(const std::string& section, const json& object, std::vector<SettingRow>& rows) {
  const QString group = groupTitle(section);
  if (!object.is_object()) {
    rows.push_back({group, {}, valueText(object)});
    return;
  }
  if (section == "sample") {
    addSample(object, rows);
    return;
  }
  for (const std::string& key : keysFor(section, object)) {
    if (!object.contains(key))
      continue;
    const json& value = object[key];
    if (value.is_object()) { // a section inside a section
      addSection(key, value, rows);
      continue;
    }
    const QString text = valueText(value);
    if (text.isEmpty() || isUnset(key, value))
      continue; // an unset path or label, an empty list
    rows.push_back({group, keyText(key), text});
  }
}

/// The known sections in reading order, then the values outside them. A section that holds a
/// whole config (a sweep's "training": its learning rates' setup) is read as one.
void addConfig(const json& config, std::vector<SettingRow>& rows) {
  static const std::vector<std::string> kOrder = {"data",       "sample",  "model",    "optimizer",
                                                  "range_test", "repeats", "schedule", "training",
                                                  "sweep",      "audit"};
  json others = json::object();
  for (const std::string& section : kOrder) {
    if (!config.contains(section))
      continue;
    const json& value = config[section];
    if (value.is_object() && value.contains("data"))
      addConfig(value, rows);
    else
      addSection(section, value, rows);
  }
  for (const auto& item : config.items())
    if (std::find(kOrder.begin(), kOrder.end(), item.key()) == kOrder.end())
      others[item.key()] = item.value();
  if (!others.empty())
    addSection("source", others, rows);
}

} // namespace

std::vector<SettingRow> runSettings(const std::string& configJson) {
  std::vector<SettingRow> rows;
  const json config = json::parse(configJson, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    if (!configJson.empty())
      rows.push_back({QObject::tr("Config"), {}, QString::fromStdString(configJson)});
    return rows;
  }
  addConfig(config, rows);
  return rows;
}

} // namespace lrscope::ui
