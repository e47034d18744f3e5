// An audit's parent run, written as it starts and ends (lrscope audit).
#include "lrscope/storage/stored_audit.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {

std::string auditConfigJson(const engine::AuditPlan& plan, const engine::TrainConfig& training,
                            const engine::FindConfig& rangeTest) {
  nlohmann::ordered_json audit = {{"metric", engine::metricKey(plan.metric)},
                                  {"seeds", plan.seeds},
                                  {"grid", engine::toString(plan.grid)},
                                  {"grid_points", plan.gridPoints},
                                  {"grid_step_decades", plan.gridStepDecades},
                                  {"epochs", plan.epochs},
                                  {"batch_size", plan.batchSize}};
  nlohmann::ordered_json config;
  config["audit"] = audit;
  // The peaks trained are the audit's, each in its training's own config.
  nlohmann::ordered_json trainings = engine::toJson(training);
  trainings.erase("schedule");
  config["training"] = trainings;
  // Where the range tests differ from the trainings; the rest is in each range test's config.
  const nlohmann::ordered_json find = engine::toJson(rangeTest);
  config["range_test"] = {{"sample", find.at("sample")}, {"range_test", find.at("range_test")}};
  return config.dump();
}

StoredAudit::StoredAudit(const std::filesystem::path& database, const engine::AuditPlan& plan,
                         const engine::TrainConfig& training, const engine::FindConfig& rangeTest,
                         const std::string& experiment)
    : m_database(database), m_experiment(experiment), m_runId([&] {
        NewRun run;
        run.experiment = experiment;
        run.kind = engine::RunKind::Audit;
        run.configJson = auditConfigJson(plan, training, rangeTest);
        run.seed = training.seed;
        run.dataset = training.data.source;
        run.model = training.model.name;
        return m_database.createRun(run);
      }()) {}

void StoredAudit::complete(engine::RunStatus status, const std::string& message, double seconds) {
  m_database.finishRun(m_runId, status, message, seconds);
}

void StoredAudit::abandon(const std::string& message) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - m_started;
  m_database.finishRun(m_runId, engine::RunStatus::Failed, message, elapsed.count());
}

} // namespace lrscope::storage
