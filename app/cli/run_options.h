#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lrscope::cli {

/// Set by the first Ctrl+C while an InterruptGuard lives; runs stop at their next step.
extern std::atomic<bool> g_interrupted;

/// While alive, the first Ctrl+C asks the run to stop (it ends cleanly, the model restored);
/// a second one gets the default action (SA_RESETHAND). A SIGINT that was ignored (nohup)
/// stays ignored.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
  struct sigaction m_previous {};
  bool m_installed = false;
};

/// What a run trains on and with: the flags that find, train, sweep and audit share.
struct SetupArguments {
  std::string data;
  std::string label;
  std::string task;
  std::string model;
  std::vector<int64_t> widths;
  std::string optimizer;
  double momentum = 0.0;
  bool nesterov = false;
  double weightDecay = 0.0;
  double beta1 = 0.0;
  double beta2 = 0.0;
  double eps = 0.0;
  double alpha = 0.0;
  std::string sample;
  int64_t validation = 0;
  uint64_t seed = 0;
};

/// The parts of a run's config that SetupArguments set.
struct Setup {
  engine::DataSpec& data;
  engine::SampleSpec& sample;
  engine::ModelSpec& model;
  engine::OptimizerSpec& optimizer;
  uint64_t& seed;
};

/// Registers --data --label --task --model --widths --optimizer --momentum --nesterov
/// --weight-decay --beta1 --beta2 --eps --alpha --sample --validation --seed; the defaults
/// shown in --help are those of sampleDefault and validationDefault.
void addSetupOptions(CLI::App* cmd, SetupArguments& args, const std::string& sampleDefault,
                     const std::string& validationDefault);
/// Overwrites in setup every field whose flag was given (the rest keep the config's values).
void applySetupOptions(const CLI::App& cmd, const SetupArguments& args, const Setup& setup);

/// "6000" is a count, "10%" or "0.1" a fraction, "all" the whole set; throws InputError.
void parseSampleSize(const std::string& text, engine::SampleSpec& sample);

/// Ends the command with the exit code of a run that ended badly: 1 when it failed, 130 when
/// it was cancelled (Ctrl+C); the report has already been printed. Returns otherwise.
void exitForStatus(engine::RunStatus status);

/// Reads a JSON file; throws InputError "PATH: ..." when it cannot be read or parsed.
[[nodiscard]] nlohmann::json readJsonFile(const std::string& path);

} // namespace lrscope::cli
