#include "cli/run_options.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

namespace lrscope::cli {

std::atomic<bool> g_interrupted{false};

namespace {

extern "C" void onInterrupt(int) {
  g_interrupted = true;
}

} // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted = false;
  struct sigaction previous {};
  sigaction(SIGINT, nullptr, &previous);
  if (previous.sa_handler == SIG_IGN)
    return;
  struct sigaction action {};
  action.sa_handler = onInterrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  m_installed = sigaction(SIGINT, &action, &m_previous) == 0;
}

InterruptGuard::~InterruptGuard() {
  if (m_installed)
    sigaction(SIGINT, &m_previous, nullptr);
}

namespace {

std::string taskName(engine::TaskKind task) {
  return task == engine::TaskKind::Regression ? "regression" : "classification";
}

std::string widthsText(const std::vector<int64_t>& widths) {
  std::string text;
  for (const int64_t width : widths)
    text += (text.empty() ? "" : ",") + std::to_string(width);
  return text;
}

/// The inverse of parseSampleSize: "6000", "10%" or "all".
std::string sampleText(const engine::SampleSpec& sample) {
  if (sample.count > 0)
    return std::to_string(sample.count);
  if (sample.fraction > 0.0)
    return engine::numberText(sample.fraction * 100.0) + "%";
  return "all";
}

/// "sgd 0.9, rmsprop 0": the momentum each optimizer takes when --momentum is not given.
std::string momentumDefaults() {
  std::string text;
  for (const engine::OptimizerKind kind :
       {engine::OptimizerKind::Sgd, engine::OptimizerKind::RmsProp}) {
    engine::OptimizerSpec spec;
    spec.kind = kind;
    text += (text.empty() ? "" : ", ") + engine::toString(kind) + " " +
            engine::numberText(spec.effectiveMomentum());
  }
  return text;
}

} // namespace

Setup setupOf(engine::FindConfig& c) {
  return {c.data, c.sample, c.model, c.optimizer, c.rangeTest.seed};
}

Setup setupOf(engine::TrainConfig& c) {
  return {c.data, c.sample, c.model, c.optimizer, c.seed};
}

void addSetupOptions(CLI::App* cmd, SetupArguments& a, const Setup& defaults) {
  using engine::numberText;
  const engine::OptimizerSpec& optimizer = defaults.optimizer;
  cmd->add_option("--data", a.data,
                  "fashion-mnist, an IDX or CIFAR-10 folder, a folder of images with one subfolder "
                  "per class (and optionally train/ val/ test/), a CSV file (with --label), or a "
                  ".pt file of tensors saved from Python ({\"x\": X, \"y\": y})")
      ->default_str(defaults.data.source);
  cmd->add_option("--label", a.label, "CSV label (or target) column");
  cmd->add_option("--task", a.task,
                  "task of a CSV table, or of a tensor file whose y holds integers (float "
                  "targets are a regression)")
      ->check(CLI::IsMember({"classification", "regression"}))
      ->default_str(taskName(defaults.data.task));
  cmd->add_option("--test-fraction", a.testFraction,
                  "share held out as the test split of data without one (a CSV table, a folder "
                  "without test files); seeded alike for every command")
      ->default_str(numberText(defaults.data.testFraction));
  cmd->add_option("--image-size", a.imageSize,
                  "image folders: N or HxW; each image is scaled to cover it and centre-cropped "
                  "(default: the files' own size, when they all agree)");
  cmd->add_option("--channels", a.channels,
                  "image folders: 1 (gray) or 3 (colour) (default: the files', when they agree)")
      ->check(CLI::IsMember({1, 3}));
  cmd->add_flag("--no-cache", a.noCache,
                "image folders: decode every image afresh, neither reading nor writing the cache "
                "of decoded images ($XDG_CACHE_HOME/lrscope)");
  cmd->add_flag_function(
      "--skip-bad-images", [&a](int64_t count) { a.skipBadImages = count > 0; },
      "image folders: skip files that cannot be decoded (counted in the report) instead of "
      "stopping at the first");
  cmd->add_option("--model", a.model, "logreg, mlp, cnn, resnet, or a TorchScript file")
      ->default_str(defaults.model.name);
  cmd->add_option("--widths", a.widths, "MLP hidden widths, e.g. 256,128")
      ->delimiter(',')
      ->default_str(widthsText(defaults.model.hiddenWidths));
  cmd->add_option("--freeze", a.freeze,
                  "layer groups to keep as they are, e.g. conv1,conv2 (a pretrained part): not "
                  "trained, and not tested by --per-group")
      ->delimiter(',');
  cmd->add_option("--optimizer", a.optimizer, "sgd, adam, adamw or rmsprop")
      ->default_str(engine::toString(optimizer.kind));
  cmd->add_option("--momentum", a.momentum, "momentum (default: " + momentumDefaults() + ")");
  cmd->add_flag_function(
      "--nesterov", [&a](int64_t count) { a.nesterov = count > 0; }, "Nesterov momentum (SGD)");
  cmd->add_option("--weight-decay", a.weightDecay, "weight decay")
      ->default_str(numberText(optimizer.weightDecay));
  cmd->add_option("--beta1", a.beta1, "Adam/AdamW beta1")->default_str(numberText(optimizer.beta1));
  cmd->add_option("--beta2", a.beta2, "Adam/AdamW beta2")->default_str(numberText(optimizer.beta2));
  cmd->add_option("--eps", a.eps, "Adam/AdamW/RMSprop epsilon")
      ->default_str(numberText(optimizer.eps));
  cmd->add_option("--alpha", a.alpha, "RMSprop smoothing constant")
      ->default_str(numberText(optimizer.alpha));
  cmd->add_option("--sample", a.sample,
                  "representative sample: a count (6000), a fraction (0.1, 10%) or all")
      ->default_str(sampleText(defaults.sample));
  cmd->add_option("--validation", a.validation, "held-out validation examples")
      ->default_str(std::to_string(defaults.sample.validationCount));
  cmd->add_option("--seed", a.seed, "seed of sampling, initialisation and batches")
      ->default_str(std::to_string(defaults.seed));
  addDeviceOption(cmd, a.device);
}

CLI::Option* addDeviceOption(CLI::App* cmd, std::optional<std::string>& device) {
  std::string offered;
  for (const engine::Device& d : engine::availableDevices())
    offered += (offered.empty() ? "" : ", ") + engine::toString(d);
  return cmd
      ->add_option("--device", device,
                   "where the model, its batches and its optimizer state compute: cpu, cuda or "
                   "cuda:N (this build offers " +
                       offered + ")")
      ->default_str("cpu");
}

engine::Device deviceOf(const std::string& text) {
  const engine::Device device = engine::parseDevice(text);
  engine::requireAvailable(device);
  return device;
}

void applySetupOptions(const SetupArguments& a, const Setup& s) {
  applyGiven<std::string>(
      {{a.data, s.data.source}, {a.label, s.data.labelColumn}, {a.model, s.model.name}});
  if (a.task)
    s.data.task =
        *a.task == "regression" ? engine::TaskKind::Regression : engine::TaskKind::Classification;
  if (a.testFraction)
    s.data.testFraction = *a.testFraction;
  if (a.imageSize)
    s.data.images.size = engine::parseImageSize(*a.imageSize);
  applyGiven<int>({{a.channels, s.data.images.channels}});
  applyGiven<bool>({{a.skipBadImages, s.data.images.skipBadImages}});
  if (a.noCache)
    s.data.images.useCache = false;
  applyGiven<std::vector<int64_t>>({{a.widths, s.model.hiddenWidths}});
  applyGiven<std::vector<std::string>>({{a.freeze, s.model.frozenGroups}});
  if (a.optimizer)
    s.optimizer.kind = engine::parseOptimizerKind(*a.optimizer);
  if (a.momentum)
    s.optimizer.momentum = a.momentum;
  applyGiven<bool>({{a.nesterov, s.optimizer.nesterov}});
  applyGiven<double>({{a.weightDecay, s.optimizer.weightDecay},
                      {a.beta1, s.optimizer.beta1},
                      {a.beta2, s.optimizer.beta2},
                      {a.eps, s.optimizer.eps},
                      {a.alpha, s.optimizer.alpha}});
  if (a.sample)
    parseSampleSize(*a.sample, s.sample);
  applyGiven<int64_t>({{a.validation, s.sample.validationCount}});
  applyGiven<uint64_t>({{a.seed, s.seed}});
  s.sample.seed = s.seed;
  if (a.device)
    s.model.device = deviceOf(*a.device);
}

void parseSampleSize(const std::string& text, engine::SampleSpec& sample) {
  if (text == "all") { // every example not held out for validation
    sample.count = 0;
    sample.fraction = 0.0;
    return;
  }
  try {
    std::size_t used = 0;
    if (!text.empty() && text.back() == '%') {
      sample.fraction = std::stod(text.substr(0, text.size() - 1), &used) / 100.0;
      used += 1;
      sample.count = 0;
    } else if (text.find_first_of(".eE") != std::string::npos) {
      sample.fraction = std::stod(text, &used);
      sample.count = 0;
    } else {
      sample.count = std::stoll(text, &used);
      sample.fraction = 0.0;
    }
    if (used != text.size())
      throw std::invalid_argument(text);
  } catch (const std::logic_error&) {
    throw engine::InputError("--sample: \"" + text +
                             "\" is neither a count (6000), a fraction (0.1 or 10%) nor all");
  }
  if (sample.fraction != 0.0 && !(sample.fraction > 0.0 && sample.fraction <= 1.0))
    throw engine::InputError("--sample: a fraction must be in (0, 1], got \"" + text + "\"");
}

void refuseUnsafeOutputOfRun(const std::string& output, const engine::DataSpec& data,
                             const engine::ModelSpec& model) {
  engine::rememberInputFile(data.source);
  engine::rememberInputFile(model.name);
  engine::refuseUnsafeOutput(output);
}

void exitForStatus(engine::RunStatus status, const std::string& message) {
  if (status == engine::RunStatus::Failed) {
    std::cerr << "lrscope: error: the run failed: "
              << engine::excerpt(message, engine::kMessageChars) << "\n";
    throw CLI::RuntimeError(1);
  }
  if (status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
}

} // namespace lrscope::cli
