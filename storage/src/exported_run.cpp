// Reads an "lrscope-run" JSON export (run_export.cpp writes it) back into an ExportedRun.
#include "exported_run.h"
#include "json_texts.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/json_value.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace lrscope::storage {
namespace {

using engine::InputError;
using nlohmann::json;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
/// The longest duration an imported run may claim: ten years.
constexpr double kMaxDurationSeconds = 10.0 * 365.25 * 24 * 3600;

class ExportReader {
public:
  ExportReader(const std::filesystem::path& file, std::size_t points)
      : m_fileName(file.string()), m_points(points) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    m_root = engine::parseJsonInput(text.str(), m_fileName);
    if (!in || !m_root.is_object()) {
      throw InputError(m_fileName + ": cannot read the LR Scope run export again; is the file "
                                    "being written?");
    }
    const auto steps = m_root.find("step_metrics");
    m_steps = steps != m_root.end() && steps->is_object() ? &*steps : nullptr;
  }
  ExportReader(const ExportReader&) = delete;
  ExportReader& operator=(const ExportReader&) = delete;

  [[nodiscard]] const json& root() const { return m_root; }

  /// The text under `key`; "" when it is missing or null.
  [[nodiscard]] std::string text(const char* key) const {
    const json& value = valueAt(key);
    if (value.is_null()) {
      return {};
    }
    if (!value.is_string()) {
      throw wrongType(key, "text");
    }
    return value.get<std::string>();
  }

  /// The number under `key`, exactly a Number (see engine::exactValue); `fallback` when it is
  /// missing or null.
  template <typename Number> [[nodiscard]] Number number(const char* key, Number fallback) const {
    const json& value = valueAt(key);
    if (value.is_null()) {
      return fallback;
    }
    const std::optional<Number> read = engine::exactValue<Number>(value);
    if (!read) {
      throw InputError(m_fileName + ": \"" + key + "\" must be " + engine::expectedValue<Number>() +
                       ", got " + engine::jsonExcerpt(value));
    }
    return *read;
  }

  /// The step column named by any of `names`, one value per curve point (null = NaN); empty
  /// when there is none.
  [[nodiscard]] std::vector<double> stepColumn(std::initializer_list<const char*> names) const {
    for (const char* name : names) {
      if (m_steps == nullptr || !m_steps->contains(name)) {
        continue;
      }
      const json& values = m_steps->at(name);
      const std::string key = std::string("step_metrics.") + name;
      if (!values.is_array() || values.size() != m_points) {
        throw InputError(m_fileName + ": \"" + key + "\" is not an array of " +
                         std::to_string(m_points) + " values like \"step_metrics.lr\"");
      }
      std::vector<double> column;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!values[i].is_number() && !values[i].is_null()) {
          throw InputError(m_fileName + ": \"" + key + "\"[" + std::to_string(i) +
                           "]: " + engine::jsonExcerpt(values[i]) + " is not a number");
        }
        column.push_back(values[i].is_null() ? kMissing : values[i].get<double>());
      }
      return column;
    }
    return {};
  }

  [[nodiscard]] InputError wrongType(const std::string& key, const char* expected) const {
    return InputError(m_fileName + ": \"" + key + "\" is " + valueAt(key).type_name() +
                      "; expected " + expected);
  }

  [[nodiscard]] const std::string& fileName() const { return m_fileName; }

private:
  [[nodiscard]] const json& valueAt(const std::string& key) const {
    static const json kNull;
    const auto found = m_root.find(key);
    return found == m_root.end() ? kNull : *found;
  }

  std::string m_fileName;
  std::size_t m_points;
  json m_root;
  const json* m_steps = nullptr;
};

/// The number of the i-th step: its "step_metrics.step" (a whole number above the previous
/// step's, within what a step count holds), or i when the export has none.
int stepNumber(const ExportReader& reader, const std::vector<double>& stepNumbers, std::size_t i,
               int previous) {
  if (stepNumbers.empty()) {
    return static_cast<int>(i);
  }
  const double number = stepNumbers[i];
  const bool whole = std::isfinite(number) && std::floor(number) == number && number >= 0.0 &&
                     number <= std::numeric_limits<int>::max();
  if (!whole || number <= previous) {
    throw InputError(reader.fileName() + ": \"step_metrics.step\"[" + std::to_string(i) +
                     "]: " + engine::numberText(number) +
                     " is not a step number; steps are whole numbers >= 0, each above the one "
                     "before (" +
                     std::to_string(previous) + ")");
  }
  return static_cast<int>(number);
}

std::vector<engine::StepRecord> readSteps(const ExportReader& reader,
                                          const engine::LrCurve& curve) {
  const std::vector<double> stepNumbers = reader.stepColumn({"step"});
  std::vector<std::vector<double>> groups; // lr_group_1, lr_group_2, ...
  for (int group = 1;; ++group) {
    const std::string name = "lr_group_" + std::to_string(group);
    std::vector<double> column = reader.stepColumn({name.c_str()});
    if (column.empty()) {
      break;
    }
    groups.push_back(std::move(column));
  }
  const std::vector<double> accuracy =
      reader.stepColumn({"batch_accuracy_fraction", "batch_accuracy"});
  const std::vector<double> validationLoss = reader.stepColumn({"val_loss"});
  const std::vector<double> validationAccuracy =
      reader.stepColumn({"val_accuracy_fraction", "val_accuracy"});
  const std::vector<double> wallSeconds = reader.stepColumn({"wall_time_s"});
  const auto at = [](const std::vector<double>& column, std::size_t i) {
    return column.empty() ? kMissing : column[i];
  };

  std::vector<engine::StepRecord> steps(curve.lrs.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    engine::StepRecord& step = steps[i];
    step.step = stepNumber(reader, stepNumbers, i, i == 0 ? -1 : steps[i - 1].step);
    step.groupLrs = {curve.lrs[i]};
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (!(groups[g][i] > 0.0) || !std::isfinite(groups[g][i])) {
        throw InputError(reader.fileName() + ": \"step_metrics.lr_group_" + std::to_string(g + 1) +
                         "\"[" + std::to_string(i) + "]: " + engine::numberText(groups[g][i]) +
                         " is not a learning rate > 0");
      }
      step.groupLrs.push_back(groups[g][i]);
    }
    step.loss = curve.rawLosses.empty() ? curve.losses[i] : curve.rawLosses[i];
    step.smoothedLoss = curve.losses[i];
    step.batchAccuracy = at(accuracy, i);
    step.wallSeconds = at(wallSeconds, i);
    if (std::isfinite(at(validationLoss, i))) {
      step.validationLoss = validationLoss[i];
    }
    if (std::isfinite(at(validationAccuracy, i))) {
      step.validationAccuracy = validationAccuracy[i];
    }
  }
  return steps;
}

std::vector<RunEvent> readEvents(const ExportReader& reader) {
  std::vector<RunEvent> events;
  const auto list = reader.root().find("events");
  if (list == reader.root().end() || list->is_null()) {
    return events;
  }
  if (!list->is_array()) {
    throw reader.wrongType("events", "an array");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& event = (*list)[i];
    if (!event.is_object() || !event.value("step", json()).is_number_integer() ||
        !event.value("kind", json()).is_string()) {
      throw InputError(reader.fileName() + ": \"events\"[" + std::to_string(i) +
                       "] is not an object with a whole \"step\" and a \"kind\"");
    }
    RunEvent read;
    read.step = event.at("step").get<int64_t>();
    if (read.step < 0 || read.step > std::numeric_limits<int>::max()) {
      throw InputError(reader.fileName() + ": \"events\"[" + std::to_string(i) + "]: step " +
                       std::to_string(read.step) + " is not a step number (>= 0)");
    }
    read.kind = event.at("kind").get<std::string>();
    const json payload = event.value("payload", json::object());
    read.payloadJson = payload.is_string() ? payload.get<std::string>() : payload.dump();
    events.push_back(std::move(read));
  }
  return events;
}

std::optional<RangeBounds> readManualRange(const ExportReader& reader) {
  const auto range = reader.root().find("range");
  if (range == reader.root().end() || !range->is_object() ||
      range->value("source", std::string()) != "manual") {
    return std::nullopt; // the automatic range is computed again from the curve
  }
  const json lower = range->value("lower", json());
  const json upper = range->value("upper", json());
  const bool valid = lower.is_number() && upper.is_number() && lower.get<double>() > 0.0 &&
                     upper.get<double>() > lower.get<double>() &&
                     std::isfinite(upper.get<double>());
  if (!valid) {
    throw InputError(reader.fileName() + ": the manual \"range\" " + engine::jsonExcerpt(lower) +
                     " .. " + engine::jsonExcerpt(upper) + " is not 0 < lower < upper");
  }
  return RangeBounds{lower.get<double>(), upper.get<double>()};
}

/// The texts of an array of the export (tags, classes, warnings): none when it is missing (an
/// older export).
std::vector<std::string> textsAt(const ExportReader& reader, const char* key) {
  const auto array = reader.root().find(key);
  return array == reader.root().end() ? std::vector<std::string>() : stringsIn(*array);
}

} // namespace

ExportedRun readExportedRun(const std::filesystem::path& file, const engine::LrCurve& curve) {
  const ExportReader reader(file, curve.lrs.size());
  ExportedRun run;
  run.id = reader.number<int64_t>("id", 0);
  run.kind = reader.text("kind");
  run.status = reader.text("status");
  run.message = reader.text("message");
  run.dataset = reader.text("data");
  run.model = reader.text("model");
  run.notes = reader.text("notes");
  run.seed = reader.number<uint64_t>("seed", 0);
  run.durationSeconds = reader.number<double>("duration_s", 0.0);
  if (!(run.durationSeconds >= 0.0 && run.durationSeconds <= kMaxDurationSeconds)) {
    throw InputError(reader.fileName() + ": \"duration_s\" " +
                     engine::numberText(run.durationSeconds) +
                     " is not a run's duration (seconds, from 0 to " +
                     engine::numberText(kMaxDurationSeconds) + ")");
  }
  const auto config = reader.root().find("config");
  if (config != reader.root().end() && !config->is_null()) {
    if (!config->is_object()) {
      throw reader.wrongType("config", "an object (the run's config)");
    }
    run.configJson = config->dump();
  }
  run.tags = textsAt(reader, "tags");
  run.classNames = textsAt(reader, "classes");
  run.warnings = textsAt(reader, "warnings");
  run.steps = readSteps(reader, curve);
  run.events = readEvents(reader);
  run.manualRange = readManualRange(reader);
  return run;
}

} // namespace lrscope::storage
