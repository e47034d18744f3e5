#include "cli/run_options.h"

#include "lrscope/engine/input_error.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

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

void addSetupOptions(CLI::App* cmd, SetupArguments& a, const std::string& sampleDefault,
                     const std::string& validationDefault) {
  cmd->add_option("--data", a.data,
                  "fashion-mnist, an IDX or CIFAR-10 folder, or a CSV file (with --label)")
      ->default_str("fashion-mnist");
  cmd->add_option("--label", a.label, "CSV label (or target) column");
  cmd->add_option("--task", a.task, "CSV task")
      ->check(CLI::IsMember({"classification", "regression"}))
      ->default_str("classification");
  cmd->add_option("--model", a.model, "logreg, mlp, cnn, resnet, or a TorchScript file")
      ->default_str("mlp");
  cmd->add_option("--widths", a.widths, "MLP hidden widths, e.g. 256,128")
      ->delimiter(',')
      ->default_str("256");
  cmd->add_option("--optimizer", a.optimizer, "sgd, adam, adamw or rmsprop")->default_str("sgd");
  cmd->add_option("--momentum", a.momentum, "momentum (default: sgd 0.9, rmsprop 0)");
  cmd->add_flag("--nesterov", a.nesterov, "Nesterov momentum (SGD)");
  cmd->add_option("--weight-decay", a.weightDecay, "weight decay")->default_str("0");
  cmd->add_option("--beta1", a.beta1, "Adam/AdamW beta1")->default_str("0.9");
  cmd->add_option("--beta2", a.beta2, "Adam/AdamW beta2")->default_str("0.999");
  cmd->add_option("--eps", a.eps, "Adam/AdamW/RMSprop epsilon")->default_str("1e-8");
  cmd->add_option("--alpha", a.alpha, "RMSprop smoothing constant")->default_str("0.99");
  cmd->add_option("--sample", a.sample,
                  "representative sample: a count (6000), a fraction (0.1, 10%) or all")
      ->default_str(sampleDefault);
  cmd->add_option("--validation", a.validation, "held-out validation examples")
      ->default_str(validationDefault);
  cmd->add_option("--seed", a.seed, "seed of sampling, initialisation and batches")
      ->default_str("1");
}

void applySetupOptions(const CLI::App& cmd, const SetupArguments& a, const Setup& s) {
  auto given = [&cmd](const char* name) { return cmd.count(name) > 0; };
  if (given("--data"))
    s.data.source = a.data;
  if (given("--label"))
    s.data.labelColumn = a.label;
  if (given("--task"))
    s.data.task =
        a.task == "regression" ? engine::TaskKind::Regression : engine::TaskKind::Classification;
  if (given("--model"))
    s.model.name = a.model;
  if (given("--widths"))
    s.model.hiddenWidths = a.widths;
  if (given("--optimizer"))
    s.optimizer.kind = engine::parseOptimizerKind(a.optimizer);
  if (given("--momentum"))
    s.optimizer.momentum = a.momentum;
  if (given("--nesterov"))
    s.optimizer.nesterov = a.nesterov;
  if (given("--weight-decay"))
    s.optimizer.weightDecay = a.weightDecay;
  if (given("--beta1"))
    s.optimizer.beta1 = a.beta1;
  if (given("--beta2"))
    s.optimizer.beta2 = a.beta2;
  if (given("--eps"))
    s.optimizer.eps = a.eps;
  if (given("--alpha"))
    s.optimizer.alpha = a.alpha;
  if (given("--sample"))
    parseSampleSize(a.sample, s.sample);
  if (given("--validation"))
    s.sample.validationCount = a.validation;
  if (given("--seed"))
    s.seed = a.seed;
  s.sample.seed = s.seed;
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

void exitForStatus(engine::RunStatus status) {
  if (status == engine::RunStatus::Failed)
    throw CLI::RuntimeError(1);
  if (status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
}

nlohmann::json readJsonFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw engine::InputError(path + ": cannot open the config file");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    throw engine::InputError(path + ": not valid JSON: " + what.substr(0, what.find('\n')));
  }
}

} // namespace lrscope::cli
