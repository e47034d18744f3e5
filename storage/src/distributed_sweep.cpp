// A sweep raced over a cluster: the tasks' side (StoredSweepRung) and the promote step.
#include "lrscope/storage/distributed_sweep.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/stored_status.h"
#include "lrscope/engine/sweep_race.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/stored_sweep.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kRungEvent = "rung";         ///< a candidate trained a rung (on the sweep)
constexpr const char* kPromotedEvent = "promoted"; ///< a rung was halved (on the sweep)

std::string candidateUid(const std::string& sweepUid, int index) {
  return sweepUid + "-lr" + std::to_string(index);
}

/// The promote of `rung` recorded on the sweep, if there is one.
std::optional<json> promotion(const RunDatabase& database, int64_t sweepRunId, int rung) {
  for (json& payload : eventPayloads(database, sweepRunId, kPromotedEvent))
    if (payload.value("rung", 0) == rung)
      return payload;
  return std::nullopt;
}

std::string promoteCommandHint(int rung) {
  return "lrscope sweep ... --promote " + std::to_string(rung);
}

std::vector<int> survivorsIn(const RunDatabase& database, const DistributedSweep& sweep, int rung) {
  if (rung <= 1)
    return sweep.survivorsOfRung(1);
  const std::optional<int64_t> sweepRun = database.findRunByUid(sweep.uid());
  const std::optional<json> promoted =
      sweepRun ? promotion(database, *sweepRun, rung - 1) : std::nullopt;
  if (!promoted)
    throw engine::InputError("rung " + std::to_string(rung - 1) +
                             " of this sweep has not been "
                             "promoted in " +
                             sweep.database.string() + " yet: " + promoteCommandHint(rung - 1) +
                             " first");
  if (promoted->value("finished", false))
    return {};
  return promoted->value("survivors", std::vector<int>{});
}

/// "0.001, 0.01".
std::string lrList(const std::vector<int>& indices,
                   const std::vector<engine::TrainConfig>& configs) {
  std::string out;
  for (const int index : indices)
    out += (out.empty() ? "" : ", ") +
           engine::formatLr(configs[static_cast<std::size_t>(index)].schedule.maxLr);
  return out;
}

} // namespace

std::string DistributedSweep::uid() const {
  return shardedParentUid(engine::RunKind::Sweep, engine::toJson(config).dump(), experiment, 0,
                          database);
}

fs::path DistributedSweep::checkpoints() const {
  const std::string id = uid();
  return fs::absolute(database).parent_path() /
         (database.stem().string() + ".sweep-" + id.substr(id.rfind('-') + 1));
}

fs::path DistributedSweep::taskFile(int rung, engine::Shard shard) const {
  return besideDatabase(fs::absolute(database), "rung-" + std::to_string(rung) + ".shard-" +
                                                    std::to_string(shard.index) + "-of-" +
                                                    std::to_string(shard.count));
}

std::vector<fs::path> DistributedSweep::taskFiles(int rung) const {
  // Every name taskFile gives this rung, whatever the shard: PREFIX*SUFFIX.
  const fs::path pattern =
      besideDatabase(fs::absolute(database), "rung-" + std::to_string(rung) + ".shard-*");
  const std::string name = pattern.filename().string();
  const std::string prefix = name.substr(0, name.find('*'));
  const std::string suffix = name.substr(name.find('*') + 1);
  std::vector<fs::path> files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(pattern.parent_path(), error)) {
    const std::string file = entry.path().filename().string();
    if (entry.is_regular_file() && file.size() > prefix.size() + suffix.size() &&
        file.rfind(prefix, 0) == 0 &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<int> DistributedSweep::survivorsOfRung(int rung) const {
  if (rung <= 1) { // every candidate: nothing to read, the database may not exist yet
    std::vector<int> all(static_cast<std::size_t>(config.candidates));
    for (std::size_t i = 0; i < all.size(); ++i)
      all[i] = static_cast<int>(i);
    return all;
  }
  if (!fs::exists(database))
    throw engine::InputError("rung " + std::to_string(rung - 1) +
                             " of this sweep has not been "
                             "promoted: " +
                             database.string() + " does not exist yet; " +
                             promoteCommandHint(rung - 1) + " first");
  return survivorsIn(RunDatabase(database, RunDatabase::Access::ReadOnly), *this, rung);
}

StoredSweepRung::StoredSweepRung(const DistributedSweep& sweep, int rung, engine::Shard shard)
    : m_database(sweep.taskFile(rung, shard), RunDatabase::Access::ReadWrite,
                 RunDatabase::Journal::Rollback),
      m_sweep(sweep), m_uid(sweep.uid()), m_rung(rung), m_shard(shard) {
  if (const std::optional<int64_t> earlier = m_database.findRunByUid(m_uid)) {
    for (const json& payload : eventPayloads(m_database, *earlier, kShardEvent))
      if (payload.value("shard", -1) == shard.index && payload.value("rung", 0) == rung) {
        m_ended = true;
        m_runId = *earlier;
        return;
      }
    if (m_database.loadRun(*earlier).summary.status == engine::StoredStatus::Running)
      throw engine::InputError(m_database.path().string() + ": rung " + std::to_string(rung) +
                               ", task " + engine::toString(shard) +
                               " is running there (another task, or one on another machine); "
                               "wait for it to end, or remove the file if its task is gone");
    m_database.deleteRun(*earlier); // a task that did not end: run it again in its place
  }
  NewRun run = sweepRunOf(sweep.config, sweep.experiment);
  run.uid = m_uid;
  m_runId = m_database.createRun(run);
}

StoredSweepRung::~StoredSweepRung() = default;

void StoredSweepRung::onCandidates(const std::vector<engine::TrainConfig>& candidates) {
  m_configs = candidates;
}

engine::TrainingObserver* StoredSweepRung::candidateObserver(int index) {
  std::unique_ptr<StoredTraining>& candidate = m_candidates[index];
  if (!candidate)
    candidate = std::make_unique<StoredTraining>(
        m_database.path(), m_configs.at(static_cast<std::size_t>(index)), m_sweep.experiment,
        m_runId, engine::RunKind::Training, candidateUid(m_uid, index));
  return candidate.get();
}

void StoredSweepRung::onCandidateTrained(int, int, const engine::TrainingReport&) {}

void StoredSweepRung::onEliminated(const engine::Elimination&) {}

void StoredSweepRung::complete(const engine::SweepRungReport& report, double seconds) {
  bool stopped = false;
  json units = json::array();
  for (const engine::SweepRungCandidate& trained : report.candidates) {
    const engine::TrainingReport& t = trained.training;
    stopped = stopped || t.status == engine::RunStatus::Cancelled;
    if (const auto candidate = m_candidates.find(trained.index); candidate != m_candidates.end()) {
      candidate->second->pause(engine::StoredStatus::Interrupted,
                               "trained through rung " + std::to_string(m_rung) +
                                   " of a sweep raced over a cluster; " +
                                   promoteCommandHint(m_rung) + " goes on",
                               t.trainSeconds);
      m_database.saveClassesAndWarnings(candidate->second->runId(), t.classNames, t.warnings);
    }
    m_database.addEvent(m_runId, 0, kRungEvent,
                        json{{"rung", m_rung},
                             {"candidate", trained.index},
                             {"steps", t.steps},
                             {"epochs", t.epochs.size()},
                             {"train_seconds", t.trainSeconds},
                             {"status", engine::toString(t.status)},
                             {"message", t.message},
                             {"last_step", trained.lastStep}}
                            .dump());
    units.push_back(trained.index);
  }
  if (stopped) {
    m_database.finishRun(m_runId, engine::RunStatus::Cancelled,
                         "rung " + std::to_string(m_rung) + ", task " + engine::toString(m_shard) +
                             ": stopped before its candidates ended; rerun it",
                         seconds);
    return;
  }
  m_database.addEvent(m_runId, 0, kShardEvent,
                      json{{"shard", m_shard.index},
                           {"of", m_shard.count},
                           {"rung", m_rung},
                           {"units", units},
                           {"seconds", seconds}}
                          .dump());
  m_database.finishRun(m_runId, engine::StoredStatus::Interrupted,
                       "rung " + std::to_string(m_rung) + ", task " + engine::toString(m_shard) +
                           ": trained " + std::to_string(report.candidates.size()) +
                           " candidates; " + promoteCommandHint(m_rung) + " merges and halves",
                       seconds);
}

void StoredSweepRung::abandon(const std::string& message) {
  for (auto& [index, candidate] : m_candidates) {
    try {
      candidate->abandon(message);
    } catch (const std::exception&) {
      // Marked interrupted the next time the file is opened.
    }
  }
  m_database.finishRun(m_runId, engine::RunStatus::Failed, message, 0.0);
}

SweepProgress sweepProgress(const RunDatabase& database, int64_t sweepRunId) {
  SweepProgress progress;
  for (const json& promoted : eventPayloads(database, sweepRunId, kPromotedEvent)) {
    progress.promotedRungs.insert(promoted.value("rung", 0));
    progress.finished = progress.finished || promoted.value("finished", false);
  }
  return progress;
}

PromoteResult promoteSweepRung(const DistributedSweep& sweep, int rung) {
  const std::string uid = sweep.uid();
  const engine::SweepConfig& config = sweep.config;
  config.validate();
  const int planned = engine::plannedRungs(config.candidates, config.maxRungs);
  if (rung < 1 || rung > planned)
    throw engine::InputError("--promote " + std::to_string(rung) + ": the sweep has rungs 1 to " +
                             std::to_string(planned));
  // Every task file beside the database must be this sweep's: one written with other flags is
  // refused before anything is merged.
  const std::vector<fs::path> files = sweep.taskFiles(rung);
  for (const fs::path& file : files) {
    bool ours = false;
    for (const ShardedRunInFile& run :
         shardedParentsIn(RunDatabase(file, RunDatabase::Access::ReadOnly)))
      ours = ours || run.uid == uid;
    if (!ours)
      throw engine::InputError(file.string() +
                               " holds a task of another sweep, not of the one "
                               "these flags describe; give every rung and its promote the same "
                               "flags, or move the file away");
  }
  // Created by a cluster's job, on a file system that may not give WAL its shared memory.
  RunDatabase database(sweep.database, RunDatabase::Access::ReadWrite,
                       RunDatabase::Journal::Rollback);
  PromoteResult out;
  out.rung = rung;
  for (const fs::path& file : files) {
    const MergeResult merged = database.mergeFrom(file);
    out.merged.copied += merged.copied;
    out.merged.alreadyPresent += merged.alreadyPresent;
    out.merged.stillRunning += merged.stillRunning;
    out.merged.unfinishedShards.insert(out.merged.unfinishedShards.end(),
                                       merged.unfinishedShards.begin(),
                                       merged.unfinishedShards.end());
  }
  const std::optional<int64_t> sweepRun = database.findRunByUid(uid);
  if (!sweepRun)
    throw engine::InputError("no task of rung " + std::to_string(rung) +
                             " has stored its share "
                             "beside " +
                             sweep.database.string() + " yet (" +
                             sweep.taskFile(rung, {0, 1}).filename().string() + " and the like)");
  out.sweepRunId = *sweepRun;
  // A rung promoted before, or a race that ended at an earlier rung: nothing to do.
  for (const json& promoted : eventPayloads(database, *sweepRun, kPromotedEvent)) {
    const int at = promoted.value("rung", 0);
    if (at == rung || (at < rung && promoted.value("finished", false))) {
      out.alreadyPromoted = true;
      out.finished = promoted.value("finished", false);
      out.survivors = promoted.value("survivors", std::vector<int>{});
      return out;
    }
  }
  const std::vector<int> survivors = survivorsIn(database, sweep, rung);
  const std::vector<engine::TrainConfig> configs = engine::sweepCandidateConfigs(config);

  // Every candidate as the local race knows it after this rung.
  engine::SweepReport& report = out.report;
  report.config = config;
  report.rungs = rung;
  std::map<int, int64_t> runIds;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    engine::SweepCandidate candidate;
    candidate.lr = configs[i].schedule.maxLr;
    if (const std::optional<int64_t> id =
            database.findRunByUid(candidateUid(uid, static_cast<int>(i)))) {
      runIds[static_cast<int>(i)] = *id;
      const std::vector<engine::EpochRecord> epochs = database.loadEpochs(*id);
      if (!epochs.empty())
        candidate.last = epochs.back();
      for (const json& eliminated : eventPayloads(database, *id, "eliminated")) {
        candidate.status = eliminated.value("diverged", false)
                               ? engine::CandidateStatus::Diverged
                               : engine::CandidateStatus::Eliminated;
        candidate.reason = eliminated.value("reason", std::string());
      }
    }
    report.candidates.push_back(candidate);
  }
  std::map<int, int> lastSteps;
  std::set<int> trained;
  std::set<std::pair<int, int>> counted; // (rung, candidate): once, whatever the task files
  double seconds = 0.0;
  for (const json& event : eventPayloads(database, *sweepRun, kRungEvent)) {
    const int r = event.value("rung", 0);
    const int index = event.value("candidate", -1);
    if (r > rung || index < 0 || index >= config.candidates || !counted.insert({r, index}).second)
      continue;
    engine::SweepCandidate& c = report.candidates[static_cast<std::size_t>(index)];
    c.rung = std::max(c.rung, r);
    c.steps += event.value("steps", 0);
    c.epochs += event.value("epochs", 0);
    c.trainSeconds += event.value("train_seconds", 0.0);
    if (r == rung) {
      c.trainingStatus =
          engine::runStatusOf(engine::storedStatusFromText(event.value("status", std::string())));
      c.trainingMessage = event.value("message", std::string());
      lastSteps[index] = event.value("last_step", 0);
      trained.insert(index);
    }
  }
  std::vector<int> untrained;
  for (const int index : survivors)
    if (trained.count(index) == 0)
      untrained.push_back(index);
  if (!untrained.empty())
    throw engine::InputError(
        "rung " + std::to_string(rung) + " is not complete: lr " + lrList(untrained, configs) +
        " has not trained it (its task failed or still runs; see its log); rerun the rung's "
        "missing tasks, then promote again");

  // A candidate whose training failed or stopped ends the race, as it ends the local one.
  bool ended = false;
  for (const int index : survivors) {
    const engine::SweepCandidate& c = report.candidates[static_cast<std::size_t>(index)];
    if (c.trainingStatus == engine::RunStatus::Cancelled ||
        c.trainingStatus == engine::RunStatus::Failed) {
      report.status = c.trainingStatus;
      report.message = c.trainingStatus == engine::RunStatus::Cancelled
                           ? "cancelled in rung " + std::to_string(rung) + " while training lr " +
                                 engine::numberText(c.lr)
                           : "lr " + engine::numberText(c.lr) + " failed in rung " +
                                 std::to_string(rung) + ": " + c.trainingMessage;
      ended = true;
      break;
    }
  }
  if (!ended) {
    const bool lastRung = config.maxRungs > 0 && rung == config.maxRungs;
    const engine::RungOutcome outcome =
        engine::halveRung(survivors, report.candidates, lastSteps, rung, lastRung);
    for (const engine::Elimination& elimination : outcome.eliminations) {
      engine::applyElimination(elimination, report.candidates);
      const int64_t id = runIds.at(elimination.candidate);
      if (eventPayloads(database, id, "eliminated").empty()) // not stored by a promote cut short
        database.addEvent(id, elimination.step, "eliminated", eliminationPayload(elimination));
    }
    out.eliminations = outcome.eliminations;
    out.survivors = outcome.survivors;
    ended = engine::raceEnds(config, rung, out.survivors.size());
    if (ended)
      engine::finishRace(report, out.survivors);
  }
  out.finished = ended;
  if (ended) { // the outcomes first: a promote cut short before its event is simply run again
    engine::addRaceTotals(report);
    for (const auto& [index, id] : runIds) {
      const engine::TrainingReport end =
          candidateRunEnd(report.candidates[static_cast<std::size_t>(index)], report);
      database.finishRun(id, end.status, end.message, end.trainSeconds);
    }
    for (const json& task : eventPayloads(database, *sweepRun, kShardEvent)) // tasks' wall time
      if (task.value("rung", 0) <= rung)
        seconds += task.value("seconds", 0.0);
    database.finishRun(*sweepRun, report.status, report.message, seconds);
  }
  database.addEvent(*sweepRun, 0, kPromotedEvent,
                    json{{"rung", rung}, {"survivors", out.survivors}, {"finished", ended}}.dump());
  return out;
}

} // namespace lrscope::storage
