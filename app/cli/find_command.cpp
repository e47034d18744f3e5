#include "cli/commands.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/storage/stored_range_test.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace lrscope::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
  g_interrupted = true;
}

/// While alive, the first Ctrl+C asks the run to stop (it ends cleanly, the model restored);
/// a second one gets the default action (SA_RESETHAND). A SIGINT that was ignored (nohup)
/// stays ignored.
class InterruptGuard {
public:
  InterruptGuard() {
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
  ~InterruptGuard() {
    if (m_installed)
      sigaction(SIGINT, &m_previous, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
  struct sigaction m_previous {};
  bool m_installed = false;
};

/// Prints a progress line to stderr every `every` steps.
class ProgressPrinter : public engine::RunObserver {
public:
  ProgressPrinter(int total, int every) : m_total(total), m_every(every) {}
  void onStep(const engine::StepRecord& r) override {
    if (r.step % m_every == 0 || r.step + 1 == m_total)
      std::cerr << "  step " << r.step + 1 << "/" << m_total << "  lr " << formatLr(r.groupLrs[0])
                << "  loss " << formatLoss(r.loss) << "  smoothed " << formatLoss(r.smoothedLoss)
                << "\n";
  }

private:
  int m_total;
  int m_every;
};

/// "6000" is a count, "10%" or "0.1" a fraction.
void parseSampleSize(const std::string& text, engine::SampleSpec& sample) {
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
                             "\" is neither a count (6000) nor a fraction "
                             "(0.1 or 10%)");
  }
  if (sample.fraction != 0.0 && !(sample.fraction > 0.0 && sample.fraction <= 1.0))
    throw engine::InputError("--sample: a fraction must be in (0, 1], got \"" + text + "\"");
}

/// Fails before the run, not after it, when --save-curve points where nothing can be written.
void requireWritableFolder(const std::string& file) {
  const std::filesystem::path folder = std::filesystem::absolute(file).parent_path();
  if (!std::filesystem::is_directory(folder) || access(folder.c_str(), W_OK) != 0)
    throw engine::InputError("--save-curve: cannot write into " + folder.string() +
                             " (missing or read-only); choose another path");
}

engine::FindConfig readConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw engine::InputError(path + ": cannot open the config file");
  nlohmann::json json;
  try {
    in >> json;
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    throw engine::InputError(path + ": not valid JSON: " + what.substr(0, what.find('\n')));
  }
  return engine::findConfigFromJson(json);
}

struct FindArguments {
  std::string configFile;
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
  double startLr = 0.0;
  double endLr = 0.0;
  int iterations = 0;
  std::string mode;
  int batchSize = 0;
  int accumulation = 0;
  double beta = 0.0;
  double diverge = 0.0;
  std::string sample;
  int64_t validation = 0;
  int validateEvery = 0;
  uint64_t seed = 0;
  std::string saveCurve;
  std::string database;
  bool noStore = false;
  bool json = false;
  bool quiet = false;
};

/// Defaults, then the config file, then every flag that was given.
engine::FindConfig buildConfig(const CLI::App& cmd, const FindArguments& a) {
  engine::FindConfig c = a.configFile.empty() ? engine::FindConfig{} : readConfigFile(a.configFile);
  auto given = [&cmd](const char* name) { return cmd.count(name) > 0; };
  if (given("--data"))
    c.data.source = a.data;
  if (given("--label"))
    c.data.labelColumn = a.label;
  if (given("--task"))
    c.data.task =
        a.task == "regression" ? engine::TaskKind::Regression : engine::TaskKind::Classification;
  if (given("--model"))
    c.model.name = a.model;
  if (given("--widths"))
    c.model.hiddenWidths = a.widths;
  if (given("--optimizer"))
    c.optimizer.kind = engine::parseOptimizerKind(a.optimizer);
  if (given("--momentum"))
    c.optimizer.momentum = a.momentum;
  if (given("--nesterov"))
    c.optimizer.nesterov = a.nesterov;
  if (given("--weight-decay"))
    c.optimizer.weightDecay = a.weightDecay;
  if (given("--beta1"))
    c.optimizer.beta1 = a.beta1;
  if (given("--beta2"))
    c.optimizer.beta2 = a.beta2;
  if (given("--eps"))
    c.optimizer.eps = a.eps;
  if (given("--alpha"))
    c.optimizer.alpha = a.alpha;
  if (given("--start-lr"))
    c.rangeTest.startLr = a.startLr;
  if (given("--end-lr"))
    c.rangeTest.endLr = a.endLr;
  if (given("--iters"))
    c.rangeTest.iterations = a.iterations;
  if (given("--mode"))
    c.rangeTest.mode = engine::parseLadderMode(a.mode);
  if (given("--batch-size"))
    c.rangeTest.batchSize = a.batchSize;
  if (given("--accumulate"))
    c.rangeTest.accumulationSteps = a.accumulation;
  if (given("--beta"))
    c.rangeTest.beta = a.beta;
  if (given("--diverge"))
    c.rangeTest.divergeFactor = a.diverge;
  if (given("--sample"))
    parseSampleSize(a.sample, c.sample);
  if (given("--validation"))
    c.sample.validationCount = a.validation;
  if (given("--val-every"))
    c.rangeTest.validateEvery = a.validateEvery;
  if (given("--seed"))
    c.rangeTest.seed = a.seed;
  c.sample.seed = c.rangeTest.seed;
  c.validate();
  return c;
}

void runFind(const CLI::App& cmd, const FindArguments& args) {
  const engine::FindConfig config = buildConfig(cmd, args);
  if (!args.saveCurve.empty())
    requireWritableFolder(args.saveCurve);
  std::unique_ptr<ProgressPrinter> progress;
  if (!args.quiet && !args.json)
    progress = std::make_unique<ProgressPrinter>(config.rangeTest.iterations,
                                                 std::max(1, config.rangeTest.iterations / 10));
  std::unique_ptr<storage::StoredRangeTest> stored;
  if (!args.noStore)
    stored = std::make_unique<storage::StoredRangeTest>(args.database.empty()
                                                            ? storage::RunDatabase::defaultPath()
                                                            : std::filesystem::path(args.database),
                                                        config);
  engine::ObserverFanOut observers({progress.get(), stored ? &stored->observer() : nullptr});
  engine::FindReport report;
  {
    const InterruptGuard interruptGuard;
    try {
      report = engine::runRangeTestJob(config, &observers, &g_interrupted);
    } catch (const engine::InputError& error) {
      if (stored)
        stored->abandon(error.what());
      throw;
    }
  }
  if (stored)
    stored->complete(report);
  if (args.json) {
    nlohmann::json out = engine::toJson(report);
    out["run_id"] = stored ? nlohmann::json(stored->runId()) : nlohmann::json(nullptr);
    out["db"] = stored ? nlohmann::json(stored->databasePath().string()) : nlohmann::json(nullptr);
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << formatFindReport(report);
    if (stored)
      std::cout << "\nstored as run " << stored->runId() << " in "
                << stored->databasePath().string() << "\n";
  }
  std::cout.flush();
  if (!args.saveCurve.empty())
    engine::writeCurveFile(args.saveCurve, report.result.curve());
  if (report.result.status == engine::RunStatus::Failed)
    throw CLI::RuntimeError(1);
  if (report.result.status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
}

} // namespace

void addFindCommand(CLI::App& app) {
  auto args = std::make_shared<FindArguments>();
  CLI::App* cmd = app.add_subcommand(
      "find", "Run an LR range test and print the suggested range and every rule's suggestion");
  cmd->add_option("--config", args->configFile,
                  "JSON config file (see resources/examples); flags override its fields")
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", args->data,
                  "fashion-mnist, an IDX or CIFAR-10 folder, or a CSV file (with --label)")
      ->default_str("fashion-mnist");
  cmd->add_option("--label", args->label, "CSV label (or target) column");
  cmd->add_option("--task", args->task, "CSV task")
      ->check(CLI::IsMember({"classification", "regression"}))
      ->default_str("classification");
  cmd->add_option("--model", args->model, "logreg, mlp, cnn, resnet, or a TorchScript file")
      ->default_str("mlp");
  cmd->add_option("--widths", args->widths, "MLP hidden widths, e.g. 256,128")
      ->delimiter(',')
      ->default_str("256");
  cmd->add_option("--optimizer", args->optimizer, "sgd, adam, adamw or rmsprop")
      ->default_str("sgd");
  cmd->add_option("--momentum", args->momentum, "momentum (default: sgd 0.9, rmsprop 0)");
  cmd->add_flag("--nesterov", args->nesterov, "Nesterov momentum (SGD)");
  cmd->add_option("--weight-decay", args->weightDecay, "weight decay")->default_str("0");
  cmd->add_option("--beta1", args->beta1, "Adam/AdamW beta1")->default_str("0.9");
  cmd->add_option("--beta2", args->beta2, "Adam/AdamW beta2")->default_str("0.999");
  cmd->add_option("--eps", args->eps, "Adam/AdamW/RMSprop epsilon")->default_str("1e-8");
  cmd->add_option("--alpha", args->alpha, "RMSprop smoothing constant")->default_str("0.99");
  cmd->add_option("--start-lr", args->startLr, "first LR of the ladder")->default_str("1e-7");
  cmd->add_option("--end-lr", args->endLr, "last LR of the ladder")->default_str("10");
  cmd->add_option("--iters", args->iterations, "optimizer steps (at least 5)")->default_str("100");
  cmd->add_option("--mode", args->mode, "ladder: exp or linear")->default_str("exp");
  cmd->add_option("--batch-size", args->batchSize, "examples per batch")->default_str("64");
  cmd->add_option("--accumulate", args->accumulation, "micro-batches per optimizer step")
      ->default_str("1");
  cmd->add_option("--beta", args->beta, "smoothing of the loss, in [0, 1)")->default_str("0.98");
  cmd->add_option("--diverge", args->diverge, "stop when smoothed loss > this x best")
      ->default_str("4");
  cmd->add_option("--sample", args->sample,
                  "representative sample: a count (6000) or a fraction (0.1, 10%)")
      ->default_str("6000");
  cmd->add_option("--validation", args->validation, "held-out validation examples")
      ->default_str("1000");
  cmd->add_option("--val-every", args->validateEvery, "validate every k steps (0: never)")
      ->default_str("0");
  cmd->add_option("--seed", args->seed, "seed of sampling, initialisation and batches")
      ->default_str("1");
  cmd->add_option("--save-curve", args->saveCurve,
                  "write the curve as CSV (lr, loss, raw_loss) for lrscope suggest or the app");
  cmd->add_option("--db", args->database,
                  "database that stores the run (default ~/.local/share/lrscope/lrscope.db)");
  cmd->add_flag("--no-store", args->noStore, "do not store the run");
  cmd->add_flag("--json", args->json, "print the result as JSON");
  cmd->add_flag("--quiet,-q", args->quiet, "no progress lines on stderr");
  cmd->callback([cmd, args] { runFind(*cmd, *args); });
}

} // namespace lrscope::cli
