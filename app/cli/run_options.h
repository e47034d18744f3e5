#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/device.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/engine/training_job.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

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

/// What a run trains on and with: the flags that find, train, sweep and audit share; each is
/// empty unless given.
struct SetupArguments {
  std::optional<std::string> data;
  std::optional<std::string> label;
  std::optional<std::string> task;
  std::optional<double> testFraction;
  std::optional<std::string> imageSize;
  std::optional<int> channels;
  bool noCache = false;
  std::optional<bool> skipBadImages;
  std::optional<std::string> model;
  std::optional<std::vector<int64_t>> widths;
  std::optional<std::vector<std::string>> freeze;
  std::optional<std::string> optimizer;
  std::optional<double> momentum;
  std::optional<bool> nesterov;
  std::optional<double> weightDecay;
  std::optional<double> beta1;
  std::optional<double> beta2;
  std::optional<double> eps;
  std::optional<double> alpha;
  std::optional<std::string> sample;
  std::optional<int64_t> validation;
  std::optional<uint64_t> seed;
  std::optional<std::string> device;
};

/// The parts of a run's config that SetupArguments set.
struct Setup {
  engine::DataSpec& data;
  engine::SampleSpec& sample;
  engine::ModelSpec& model;
  engine::OptimizerSpec& optimizer;
  uint64_t& seed;
};

[[nodiscard]] Setup setupOf(engine::FindConfig& config);
[[nodiscard]] Setup setupOf(engine::TrainConfig& config);

/// Registers --data --label --task --test-fraction --image-size --channels --no-cache
/// --skip-bad-images --model --widths --freeze --optimizer --momentum --nesterov
/// --weight-decay --beta1 --beta2 --eps --alpha --sample --validation --seed --device; --help shows
/// the values of `defaults` (the setup of the command's default config).
void addSetupOptions(CLI::App* cmd, SetupArguments& args, const Setup& defaults);
/// Overwrites in setup every field whose flag was given (the rest keep the config's values).
void applySetupOptions(const SetupArguments& args, const Setup& setup);

/// A flag's value, empty unless given, and the config field it overwrites.
template <typename T> struct GivenValue {
  const std::optional<T>& given;
  T& field;
};

/// Overwrites each field whose flag was given; the others keep their values.
template <typename T> void applyGiven(std::initializer_list<GivenValue<T>> values) {
  for (const GivenValue<T>& value : values)
    if (value.given)
      value.field = *value.given;
}

/// Registers --device on `cmd`, into `device`: cpu, cuda or cuda:N, those this build offers named.
CLI::Option* addDeviceOption(CLI::App* cmd, std::optional<std::string>& device);

/// The device --device names, refused in one line unless this libtorch and machine offer it.
[[nodiscard]] engine::Device deviceOf(const std::string& text);

/// "6000" is a count, "10%" or "0.1" a fraction, "all" the whole set; throws InputError.
void parseSampleSize(const std::string& text, engine::SampleSpec& sample);

/// Refuses, before anything runs or is stored, an output file that is a database or one of the
/// run's inputs (the data set file, the model file), which are read only once the run starts.
void refuseUnsafeOutputOfRun(const std::string& output, const engine::DataSpec& data,
                             const engine::ModelSpec& model);

/// Ends the command with the exit code of a run that ended badly: 1 when it failed, after
/// printing `message` (why) to stderr, 130 when it was cancelled (Ctrl+C); the report has
/// already been printed. Returns otherwise.
void exitForStatus(engine::RunStatus status, const std::string& message);

} // namespace lrscope::cli
