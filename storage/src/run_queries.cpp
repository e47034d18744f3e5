// The read side of RunDatabase: listRuns, loadRun, loadSteps, loadRuns, loadEvents,
// listExperiments.
#include "run_database_impl.h"

#include "json_texts.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/storage/curve_downsampling.h"
#include "sqlite_errors.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <regex>
#include <unordered_map>

namespace lrscope::storage {
namespace {

/// The first kSummaryColumnCount columns of every summary query, read by readSummary: the run,
/// its picked range and its schedule's peak LR (a config that is not JSON has none).
constexpr const char* kSummaryColumns =
    "r.id, e.name, r.kind, r.status, r.dataset, r.model, r.started_at, r.duration_s, r.notes, "
    "r.step_count, (SELECT g.lower FROM ranges g WHERE g.run_id = r.id), "
    "(SELECT g.upper FROM ranges g WHERE g.run_id = r.id), "
    "CASE WHEN json_valid(r.config_json) THEN json_extract(r.config_json, '$.schedule.max_lr') "
    "END";
constexpr int kSummaryColumnCount = 13;

std::optional<double> optionalReal(const SQLite::Column& column) {
  return column.isNull() ? std::nullopt : std::optional<double>(column.getDouble());
}

/// The texts of a stored JSON array (runs.class_names, runs.warnings).
std::vector<std::string> textsOf(const std::string& jsonArray) {
  return stringsIn(nlohmann::json::parse(jsonArray, nullptr, false));
}

/// A parent run's class names: its first child run's that has them.
std::vector<std::string> classNamesOfChildren(SQLite::Database& db, int64_t parentRunId) {
  SQLite::Statement select(db, "SELECT class_names FROM runs WHERE parent_run_id = ? "
                               "AND class_names != '[]' ORDER BY id LIMIT 1");
  select.bind(1, parentRunId);
  return select.executeStep() ? textsOf(select.getColumn(0).getString())
                              : std::vector<std::string>();
}

RunSummary readSummary(const SQLite::Statement& row) {
  RunSummary summary;
  summary.id = row.getColumn(0).getInt64();
  summary.experiment = row.getColumn(1).getString();
  summary.kind = engine::runKindFromText(row.getColumn(2).getString());
  summary.status = engine::storedStatusFromText(row.getColumn(3).getString());
  summary.dataset = row.getColumn(4).getString();
  summary.model = row.getColumn(5).getString();
  summary.startedAt = row.getColumn(6).getString();
  summary.durationSeconds = row.getColumn(7).isNull() ? 0.0 : row.getColumn(7).getDouble();
  summary.notes = row.getColumn(8).getString();
  summary.steps = row.getColumn(9).getInt64();
  summary.rangeLower = optionalReal(row.getColumn(10));
  summary.rangeUpper = optionalReal(row.getColumn(11));
  summary.peakLr = optionalReal(row.getColumn(12));
  return summary;
}

/// "%text%" for LIKE, with the wildcards of text escaped by '\'.
std::string likePattern(const std::string& text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern += '\\';
    }
    pattern += c;
  }
  return pattern + "%";
}

std::vector<std::string> tagsOf(SQLite::Database& db, int64_t runId) {
  SQLite::Statement select(db, "SELECT t.name FROM run_tags rt JOIN tags t ON t.id = rt.tag_id "
                               "WHERE rt.run_id = ? ORDER BY t.name");
  select.bind(1, runId);
  std::vector<std::string> tags;
  while (select.executeStep()) {
    tags.push_back(select.getColumn(0).getString());
  }
  return tags;
}

bool isLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// Whether the fields of a date that matched the pattern name a real time: month 1-12, a day
/// that month has, hours 0-23, minutes and seconds 0-59.
bool isCalendarTime(const std::smatch& match) {
  const auto field = [&](int index) { return match[index].matched ? std::stoi(match[index]) : 0; };
  const int year = field(1);
  const int month = field(2);
  const int day = field(3);
  constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1)
    return false;
  const int days = kDaysInMonth[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
  return day <= days && field(4) < 24 && field(5) < 60 && field(6) < 60;
}

/// The date bound as given, checked: "YYYY-MM-DD" optionally followed by "THH:MM[:SS]", a real
/// date and time.
std::string dateBound(const std::string& text, const char* what) {
  static const std::regex format(R"((\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?Z?)?)");
  std::smatch match;
  if (!text.empty() && (!std::regex_match(text, match, format) || !isCalendarTime(match))) {
    throw StorageError(std::string(what) + " " + engine::quotedExcerpt(text) +
                       " is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)");
  }
  return text.size() > 1 && text.back() == 'Z' ? text.substr(0, text.size() - 1) : text;
}

} // namespace

std::vector<RunSummary> RunDatabase::listRuns(const RunFilter& filter) const {
  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    // Every filter is a bound parameter; an empty one matches everything.
    SQLite::Statement select(db, std::string("SELECT ") + kSummaryColumns +
                                     R"sql( FROM runs r JOIN experiments e ON e.id = r.experiment_id
WHERE (?1 = '' OR r.kind = ?1)
  AND (?2 = '' OR r.status = ?2)
  AND (?3 = '' OR r.dataset = ?3 COLLATE NOCASE)
  AND (?4 = '' OR r.model = ?4 COLLATE NOCASE)
  AND (?5 = '' OR EXISTS (SELECT 1 FROM run_tags rt JOIN tags t ON t.id = rt.tag_id
                          WHERE rt.run_id = r.id AND t.name = ?5))
  AND (?6 = '' OR r.dataset LIKE ?7 ESCAPE '\' OR r.model LIKE ?7 ESCAPE '\'
       OR r.notes LIKE ?7 ESCAPE '\' OR e.name LIKE ?7 ESCAPE '\'
       OR r.status LIKE ?7 ESCAPE '\' OR r.kind LIKE ?7 ESCAPE '\'
       OR EXISTS (SELECT 1 FROM run_tags rt JOIN tags t ON t.id = rt.tag_id
                  WHERE rt.run_id = r.id AND t.name LIKE ?7 ESCAPE '\'))
  AND (?8 = '' OR e.name = ?8)
  AND (?11 IS NULL OR r.parent_run_id = ?11)
  AND (?9 = '' OR substr(r.started_at, 1, length(?9)) >= ?9)
  AND (?10 = '' OR substr(r.started_at, 1, length(?10)) <= ?10)
ORDER BY r.started_at DESC, r.id DESC)sql");
    select.bind(1, filter.kind ? std::string(engine::toString(*filter.kind)) : std::string());
    select.bind(2, filter.status ? std::string(engine::toString(*filter.status)) : std::string());
    select.bind(3, filter.dataset);
    select.bind(4, filter.model);
    select.bind(5, filter.tag);
    select.bind(6, filter.text);
    select.bind(7, likePattern(filter.text));
    select.bind(8, filter.experiment);
    select.bind(9, dateBound(filter.startedFrom, "start date"));
    select.bind(10, dateBound(filter.startedUntil, "end date"));
    if (filter.parentRunId)
      select.bind(11, *filter.parentRunId);
    std::vector<RunSummary> runs;
    std::unordered_map<int64_t, std::size_t> positions;
    while (select.executeStep()) {
      runs.push_back(readSummary(select));
      positions.emplace(runs.back().id, runs.size() - 1);
    }
    SQLite::Statement tags(db, "SELECT rt.run_id, t.name FROM run_tags rt "
                               "JOIN tags t ON t.id = rt.tag_id ORDER BY t.name");
    while (tags.executeStep()) {
      const auto found = positions.find(tags.getColumn(0).getInt64());
      if (found != positions.end()) {
        runs[found->second].tags.push_back(tags.getColumn(1).getString());
      }
    }
    return runs;
  });
}

RunDetails RunDatabase::loadRun(int64_t runId) const {
  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Statement select(db, std::string("SELECT ") + kSummaryColumns +
                                     ", r.config_json, r.seed, r.message, r.source_file, "
                                     "r.checkpoint_path, r.parent_run_id, r.class_names, "
                                     "r.warnings FROM runs r "
                                     "JOIN experiments e ON e.id = r.experiment_id "
                                     "WHERE r.id = ?");
    select.bind(1, runId);
    if (!select.executeStep()) {
      throw m_impl->noRun(runId);
    }
    RunDetails details;
    details.summary = readSummary(select);
    details.summary.tags = tagsOf(db, runId);
    details.configJson = select.getColumn(kSummaryColumnCount + 0).getString();
    details.seed = static_cast<uint64_t>(select.getColumn(kSummaryColumnCount + 1).getInt64());
    details.message = select.getColumn(kSummaryColumnCount + 2).getString();
    details.sourceFile = select.getColumn(kSummaryColumnCount + 3).getString();
    details.checkpointPath = select.getColumn(kSummaryColumnCount + 4).getString();
    if (!select.getColumn(kSummaryColumnCount + 5).isNull())
      details.parentRunId = select.getColumn(kSummaryColumnCount + 5).getInt64();
    details.classNames = textsOf(select.getColumn(kSummaryColumnCount + 6).getString());
    if (details.classNames.empty() && engine::hasChildRuns(details.summary.kind))
      details.classNames = classNamesOfChildren(db, runId);
    details.warnings = textsOf(select.getColumn(kSummaryColumnCount + 7).getString());

    SQLite::Statement suggestions(db, "SELECT rule, version, lr, loss, step_index "
                                      "FROM suggestions WHERE run_id = ? ORDER BY rowid");
    suggestions.bind(1, runId);
    while (suggestions.executeStep()) {
      engine::Suggestion suggestion;
      suggestion.rule = suggestions.getColumn(0).getString();
      suggestion.version = suggestions.getColumn(1).getInt();
      suggestion.lr = readReal(suggestions.getColumn(2));
      suggestion.loss = readReal(suggestions.getColumn(3));
      suggestion.index = static_cast<std::size_t>(suggestions.getColumn(4).getInt64());
      details.suggestions.push_back(std::move(suggestion));
    }

    details.range = m_impl->storedRange(runId);
    return details;
  });
}

std::vector<engine::StepRecord> RunDatabase::loadSteps(int64_t runId, std::size_t maxPoints) const {
  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    m_impl->requireRun(runId);
    SQLite::Statement select(db, "SELECT step, lr, loss, smoothed_loss, batch_accuracy, "
                                 "val_loss, val_accuracy, wall_s FROM step_metrics "
                                 "WHERE run_id = ? ORDER BY step");
    select.bind(1, runId);
    std::vector<engine::StepRecord> steps;
    std::vector<double> firstLrs; // step_metrics.lr: the curve's LR
    while (select.executeStep()) {
      engine::StepRecord record;
      record.step = select.getColumn(0).getInt();
      firstLrs.push_back(readReal(select.getColumn(1)));
      record.loss = readReal(select.getColumn(2));
      record.smoothedLoss = readReal(select.getColumn(3));
      record.batchAccuracy = readReal(select.getColumn(4));
      if (!select.getColumn(5).isNull()) {
        record.validationLoss = select.getColumn(5).getDouble();
      }
      if (!select.getColumn(6).isNull()) {
        record.validationAccuracy = select.getColumn(6).getDouble();
      }
      record.wallSeconds = readReal(select.getColumn(7));
      steps.push_back(std::move(record));
    }

    // Both queries run in step order, so one walk pairs group rows with their step.
    SQLite::Statement groups(db, "SELECT step, lr FROM step_group_lrs WHERE run_id = ? "
                                 "ORDER BY step, group_index");
    groups.bind(1, runId);
    std::size_t position = 0;
    while (groups.executeStep()) {
      const int step = groups.getColumn(0).getInt();
      while (position < steps.size() && steps[position].step < step) {
        ++position;
      }
      if (position < steps.size() && steps[position].step == step) {
        steps[position].groupLrs.push_back(readReal(groups.getColumn(1)));
      }
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].groupLrs.empty() && !std::isnan(firstLrs[i])) {
        steps[i].groupLrs.push_back(firstLrs[i]);
      }
      // The lr column holds the curve's LR: in a per-group range test, the swept group's.
      const auto& lrs = steps[i].groupLrs;
      const auto swept = std::find(lrs.begin(), lrs.end(), firstLrs[i]);
      steps[i].curveGroup = swept == lrs.end() ? 0 : static_cast<std::size_t>(swept - lrs.begin());
    }
    return maxPoints == 0 ? steps : downsampleMinMax(steps, maxPoints);
  });
}

std::vector<RunCurve> RunDatabase::loadRuns(const std::vector<int64_t>& runIds,
                                            std::size_t maxPoints) const {
  return guarded(m_impl->m_file, [&] {
    // One read transaction: every run as of the same moment, while a writer may be appending.
    SQLite::Transaction snapshot(m_impl->m_db, SQLite::TransactionBehavior::DEFERRED);
    std::vector<RunCurve> curves;
    curves.reserve(runIds.size());
    for (const int64_t id : runIds) {
      curves.push_back({loadRun(id), loadSteps(id, maxPoints)});
    }
    snapshot.commit();
    return curves;
  });
}

std::optional<int64_t> RunDatabase::findRunByUid(const std::string& uid) const {
  return guarded(m_impl->m_file, [&]() -> std::optional<int64_t> {
    SQLite::Statement select(m_impl->m_db, "SELECT id FROM runs WHERE uid = ?");
    select.bind(1, uid);
    if (!select.executeStep())
      return std::nullopt;
    return select.getColumn(0).getInt64();
  });
}

std::vector<std::pair<int64_t, std::string>>
RunDatabase::findRunsByUidPrefix(const std::string& prefix) const {
  return guarded(m_impl->m_file, [&] {
    SQLite::Statement select(m_impl->m_db,
                             "SELECT id, uid FROM runs WHERE substr(uid, 1, length(?1)) = ?1 "
                             "ORDER BY id");
    select.bind(1, prefix);
    std::vector<std::pair<int64_t, std::string>> runs;
    while (select.executeStep())
      runs.emplace_back(select.getColumn(0).getInt64(), select.getColumn(1).getString());
    return runs;
  });
}

std::vector<RunEvent> RunDatabase::loadEvents(int64_t runId) const {
  return guarded(m_impl->m_file, [&] {
    m_impl->requireRun(runId);
    SQLite::Statement select(m_impl->m_db, "SELECT step, kind, payload_json, created_at "
                                           "FROM events WHERE run_id = ? ORDER BY step, id");
    select.bind(1, runId);
    std::vector<RunEvent> events;
    while (select.executeStep()) {
      events.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(),
                        select.getColumn(2).getString(), select.getColumn(3).getString()});
    }
    return events;
  });
}

std::vector<ExperimentSummary> RunDatabase::listExperiments() const {
  return guarded(m_impl->m_file, [&] {
    SQLite::Statement select(m_impl->m_db,
                             "SELECT e.id, e.name, e.created_at, "
                             "(SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) "
                             "FROM experiments e ORDER BY e.name COLLATE NOCASE");
    std::vector<ExperimentSummary> experiments;
    while (select.executeStep()) {
      experiments.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(),
                             select.getColumn(2).getString(), select.getColumn(3).getInt64()});
    }
    return experiments;
  });
}

} // namespace lrscope::storage
