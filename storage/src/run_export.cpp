// The CSV and JSON exports of a stored run.
#include "lrscope/storage/run_export.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace lrscope::storage {
namespace {

using nlohmann::json;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

struct Column {
  std::string name;
  std::vector<double> values;
};

/// The per-step columns shared by the CSV and the JSON export.
std::vector<Column> stepColumns(const std::vector<engine::StepRecord>& steps) {
  std::size_t groups = 0;
  for (const engine::StepRecord& step : steps) {
    groups = std::max(groups, step.groupLrs.size());
  }
  std::vector<Column> columns{{"step", {}}, {"lr", {}}};
  if (groups > 1) {
    for (std::size_t group = 0; group < groups; ++group) {
      columns.push_back({"lr_group_" + std::to_string(group), {}});
    }
  }
  for (const char* name : {"loss", "smoothed_loss", "batch_accuracy_fraction", "val_loss",
                           "val_accuracy_fraction", "wall_time_s"}) {
    columns.push_back({name, {}});
  }
  for (Column& column : columns) {
    column.values.reserve(steps.size());
  }
  for (const engine::StepRecord& step : steps) {
    std::size_t c = 0;
    columns[c++].values.push_back(step.step);
    columns[c++].values.push_back(step.groupLrs.empty() ? kMissing : step.curveLr());
    for (std::size_t group = 0; groups > 1 && group < groups; ++group) {
      columns[c++].values.push_back(group < step.groupLrs.size() ? step.groupLrs[group] : kMissing);
    }
    columns[c++].values.push_back(step.loss);
    columns[c++].values.push_back(step.smoothedLoss);
    columns[c++].values.push_back(step.batchAccuracy);
    columns[c++].values.push_back(step.validationLoss.value_or(kMissing));
    columns[c++].values.push_back(step.validationAccuracy.value_or(kMissing));
    columns[c++].values.push_back(step.wallSeconds);
  }
  return columns;
}

json number(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

/// A CSV cell: empty for a value not recorded (NaN), "inf" or "-inf" for a diverged loss (both
/// read by pandas as floats), else the shortest text that reads back as the same double.
std::string csvCell(double value) {
  return std::isnan(value) ? std::string() : engine::numberText(value);
}

/// A header naming the columns, then `rows` rows; written through a temporary file.
void writeCsv(const std::vector<Column>& columns, std::size_t rows,
              const std::filesystem::path& file) {
  engine::writeFileAtomically(file, [&](std::ostream& out) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      out << (c == 0 ? "" : ",") << columns[c].name;
    out << '\n';
    for (std::size_t row = 0; row < rows; ++row) {
      for (std::size_t c = 0; c < columns.size(); ++c)
        out << (c == 0 ? "" : ",") << csvCell(columns[c].values[row]);
      out << '\n';
    }
  });
}

/// One epoch; the database keeps the first group's LR (at the epoch's last step) alone.
json epochJson(const engine::EpochRecord& epoch) {
  return {{"epoch", epoch.epoch},
          {"train_loss", number(epoch.trainLoss)},
          {"train_accuracy_fraction", number(epoch.trainAccuracy)},
          {"val_loss", number(epoch.validationLoss)},
          {"val_accuracy_fraction", number(epoch.validationAccuracy)},
          {"test_loss", number(epoch.testLoss)},
          {"test_accuracy_fraction", number(epoch.testAccuracy)},
          {"lr", epoch.groupLrs.empty() ? json() : number(epoch.groupLrs.front())},
          {"wall_time_s", number(epoch.wallSeconds)}};
}

/// The stored config text as an object; text that is not JSON stays a string.
json configObject(const std::string& text) {
  if (text.empty()) {
    return json::object();
  }
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

} // namespace

json runSummaryJson(const RunSummary& s) {
  return {{"id", s.id},
          {"experiment", s.experiment},
          {"kind", engine::toString(s.kind)},
          {"status", engine::toString(s.status)},
          {"data", s.dataset},
          {"model", s.model},
          {"started_at", s.startedAt},
          {"duration_s", s.durationSeconds},
          {"steps", s.steps},
          {"notes", s.notes},
          {"tags", s.tags}};
}

json runDetailsJson(const RunDetails& run) {
  json suggestions = json::object();
  for (const engine::Suggestion& suggestion : run.suggestions) {
    suggestions[suggestion.rule] = {{"lr", number(suggestion.lr)},
                                    {"loss", number(suggestion.loss)},
                                    {"version", suggestion.version}};
  }
  json range = nullptr;
  if (run.range) {
    range = {{"lower", run.range->lower},
             {"upper", run.range->upper},
             {"source", run.range->source},
             {"rule", run.range->rule},
             {"updated_at", run.range->updatedAt},
             {"auto_lower", run.range->automatic ? json(run.range->automatic->lower) : json()},
             {"auto_upper", run.range->automatic ? json(run.range->automatic->upper) : json()}};
  }
  json out = runSummaryJson(run.summary);
  out["message"] = run.message;
  out["seed"] = run.seed;
  out["source_file"] = run.sourceFile;
  out["classes"] = run.classNames;
  out["warnings"] = run.warnings;
  out["config"] = configObject(run.configJson);
  out["suggestions"] = std::move(suggestions);
  out["range"] = std::move(range);
  return out;
}

void exportRunCsv(const RunCurve& run, const std::filesystem::path& file) {
  writeCsv(stepColumns(run.steps), run.steps.size(), file);
}

void exportBandCsv(const engine::RepeatSummary& summary, const std::filesystem::path& file) {
  std::vector<Column> columns{{"step", {}},
                              {"lr", {}},
                              {"median_smoothed_loss", {}},
                              {"p10_smoothed_loss", {}},
                              {"p90_smoothed_loss", {}},
                              {"repeats_running", {}}};
  for (const engine::BandPoint& point : summary.band) {
    const double row[] = {
        static_cast<double>(point.step),   point.lr, point.median, point.low, point.high,
        static_cast<double>(point.running)};
    for (std::size_t c = 0; c < columns.size(); ++c)
      columns[c].values.push_back(row[c]);
  }
  writeCsv(columns, summary.band.size(), file);
}

void exportRunJson(const RunCurve& run, const std::vector<RunEvent>& events,
                   const std::vector<engine::EpochRecord>& epochs,
                   const std::filesystem::path& file) {
  json out = runDetailsJson(run.details);
  out["format"] = "lrscope-run";
  out["format_version"] = kRunExportFormatVersion;
  json eventList = json::array();
  for (const RunEvent& event : events) {
    eventList.push_back({{"step", event.step},
                         {"kind", event.kind},
                         {"payload", configObject(event.payloadJson)},
                         {"created_at", event.createdAt}});
  }
  out["events"] = eventList;
  json epochList = json::array();
  for (const engine::EpochRecord& epoch : epochs) {
    epochList.push_back(epochJson(epoch));
  }
  out["epochs"] = std::move(epochList);
  json steps = json::object();
  for (const Column& column : stepColumns(run.steps)) {
    json values = json::array();
    for (const double value : column.values) {
      values.push_back(number(value));
    }
    steps[column.name] = std::move(values);
  }
  out["step_metrics"] = std::move(steps);
  engine::writeFileAtomically(file, [&](std::ostream& stream) { stream << out.dump(2) << '\n'; });
}

} // namespace lrscope::storage
