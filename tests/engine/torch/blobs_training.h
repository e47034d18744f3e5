#pragma once

// Training on three Gaussian blobs written as a CSV table, and what a run reports: shared by the
// training job's tests.
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/training_job.h"

#include "checkpoint.h"
#include "model_impl.h"
#include "optimizer_impl.h"
#include "synthetic_data.h"

#include "common/temp_dir.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::engine::testing {

using lrscope::test::TempDir;

struct Event {
  int step;
  std::string kind;
  nlohmann::json payload;
};

/// Keeps everything a run reports; onStepHook runs after each step is stored.
class RecordingObserver : public TrainingObserver {
public:
  void onStep(const StepRecord& record) override {
    steps.push_back(record);
    if (onStepHook)
      onStepHook(record);
  }
  void onEpoch(const EpochRecord& record) override { epochs.push_back(record); }
  void onEvent(int step, const std::string& kind, const std::string& payloadJson) override {
    events.push_back({step, kind, nlohmann::json::parse(payloadJson)});
  }

  [[nodiscard]] std::vector<Event> eventsOf(const std::string& kind) const {
    std::vector<Event> found;
    for (const Event& e : events)
      if (e.kind == kind)
        found.push_back(e);
    return found;
  }

  std::vector<StepRecord> steps;
  std::vector<EpochRecord> epochs;
  std::vector<Event> events;
  std::function<void(const StepRecord&)> onStepHook;
};

/// Three Gaussian blobs (8 features) as a CSV file: a data set without a test split, so a fifth
/// of it is held out as one when it is loaded.
inline std::filesystem::path writeBlobsCsv(const TempDir& dir, int64_t perClass = 250) {
  const Dataset data = blobs(perClass);
  const std::filesystem::path file = dir / "blobs.csv";
  std::ofstream out(file);
  for (int64_t d = 0; d < 8; ++d)
    out << "f" << d << ",";
  out << "label\n";
  for (int64_t i = 0; i < data.size(); ++i) {
    for (int64_t d = 0; d < 8; ++d)
      out << data.features[static_cast<std::size_t>(i * 8 + d)] << ",";
    out << data.classNames[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])]
        << "\n";
  }
  return file;
}

/// 750 blob examples: 150 held out as the test split, 500 to train on in batches of 50 (10
/// steps an epoch), 100 to validate;
/// an MLP 8-16-3 (groups hidden1, head), SGD, a constant LR of 0.1.
inline TrainConfig blobsConfig(const TempDir& dir) {
  TrainConfig config;
  config.data = {writeBlobsCsv(dir).string(), "label", TaskKind::Classification};
  config.sample = {0, 0.0, 100, 1};
  config.model = {"mlp", {16}};
  config.schedule.kind = ScheduleKind::Constant;
  config.schedule.maxLr = 0.1;
  config.epochs = 2;
  config.batchSize = 50;
  return config;
}

constexpr int kBlobsStepsPerEpoch = 10;

/// A fresh model of the config's kind, loaded from a checkpoint.
struct LoadedCheckpoint {
  LoadedCheckpoint(const ModelSpec& spec, const std::vector<int64_t>& shape, int64_t outputs,
                   const std::filesystem::path& file)
      : model(Model::create(spec, shape, outputs, 99)),
        optimizer(Optimizer::create(OptimizerSpec{}, *model, 0.1)),
        position(detail::Checkpoint::load(file, model->impl(), OptimizerKind::Sgd,
                                          optimizer->impl().torchOptimizer())) {}
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  detail::CheckpointPosition position;
};

} // namespace lrscope::engine::testing
