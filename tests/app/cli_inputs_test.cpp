// What a user types or feeds in is taken exactly as written or refused in one line (issue 11,
// sections 2 and 4): whole numbers, dates, learning rates a float32 model can hold, JSON of any
// depth, long or multi-line values, names that are not UTF-8, and exports that lie.
#include "app/lrscope_process.h"
#include "engine/data/image_test_files.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

using engine::test::contains;
using engine::test::writeText;
using lrscope::test::TempDir;
using test::commandLine;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::runLrscope;
namespace fs = std::filesystem;

const std::vector<std::string> kTable = {"--data", "table.csv", "--label", "y", "--model",
                                         "logreg", "--db",      "runs.db", "-q"};

std::vector<std::string> with(std::vector<std::string> args,
                              const std::vector<std::string>& more = kTable) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class CliInputs : public ::testing::Test {
protected:
  void SetUp() override { writeText(m_dir / "table.csv", test::blobsCsv(300)); }

  ProcessResult run(const std::vector<std::string>& args) { return runLrscope(args, m_dir.path()); }

  /// Expects `args` refused in one line that names every one of `mentions`, nothing stored.
  void expectRefused(const std::vector<std::string>& args,
                     const std::vector<std::string>& mentions) {
    EXPECT_TRUE(failedWithOneLine(run(args), mentions)) << commandLine(args);
    EXPECT_FALSE(fs::exists(m_dir / "runs.db") && storedRuns() > 0) << commandLine(args);
  }

  std::size_t storedRuns() { return jsonOf(run({"runs", "--db", "runs.db", "--json"})).size(); }

  /// pets/cat and pets/dog, 12 gray 9x7 PNGs each, dark cats and light dogs.
  void writePets() {
    for (const char* label : {"cat", "dog"})
      for (int i = 0; i < 12; ++i) {
        fs::create_directories(m_dir / "pets" / label);
        engine::test::writeGrayPng(m_dir / "pets" / label / (std::to_string(i) + ".png"), 9, 7,
                                   static_cast<uint8_t>(label[0] == 'c' ? 20 + i : 200 - i));
      }
  }

  TempDir m_dir;
};

TEST_F(CliInputs, IntegerFlagsTakeOnlyWholeNumbersInDecimal) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"--iters", "4294967316"}, "\"4294967316\" is out of range"},
      {{"--iters", "1e12"}, "\"1e12\" is not a whole number"},
      {{"--iters", "20.7"}, "\"20.7\" is not a whole number"},
      {{"--iters", "0x10"}, "\"0x10\" is not a whole number"},
      {{"--seed", "-1"}, "\"-1\" is negative"},
      {{"--seed", "100000000000000000000000"}, "is out of range"},
  };
  for (const auto& [flag, why] : refused) {
    const std::vector<std::string> args = with(with({"find"}, flag));
    const ProcessResult result = run(args);
    EXPECT_EQ(result.exitCode, 2) << commandLine(args);
    EXPECT_TRUE(failedWithOneLine(result, {flag[0], why})) << commandLine(args);
  }
  // A leading zero is decimal, not octal: --seed 010 is seed 10.
  const nlohmann::json found =
      jsonOf(run(with({"find", "--iters", "20", "--seed", "010", "--json", "--no-store"})));
  EXPECT_EQ(found["config"]["range_test"]["seed"], 10) << found.dump();
}

TEST_F(CliInputs, RunIdsAndDatesAreRefusedUnlessExact) {
  ASSERT_EQ(run(with({"find", "--iters", "20"})).exitCode, 0);
  EXPECT_TRUE(failedWithOneLine(run({"show", "99999999999999999999", "--db", "runs.db"}),
                                {"99999999999999999999", "out of range"}));
  EXPECT_TRUE(failedWithOneLine(run({"show", "0x1", "--db", "runs.db"}), {"\"0x1\""}));
  EXPECT_TRUE(
      failedWithOneLine(run({"runs", "--since", "2026-13-45", "--db", "runs.db"}), {"2026-13-45"}));
  EXPECT_EQ(run({"show", "01", "--db", "runs.db"}).exitCode, 0);
}

TEST_F(CliInputs, ConfigNumbersAreReadExactlyAndMomentumIsNeverASentinel) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> configs = {
      {R"({"range_test": {"iterations": 4294967316}})", {"range_test.iterations", "4294967316"}},
      {R"({"range_test": {"iterations": 20.7}})", {"range_test.iterations", "20.7"}},
      {R"({"range_test": {"iterations": 1e12}})", {"range_test.iterations", "1000000000000"}},
      {R"({"sample": {"count": -1e300}})", {"sample.count"}},
      {R"({"optimizer": {"momentum": -1}})", {"momentum", "-1"}},
  };
  for (const auto& [config, mentions] : configs) {
    writeText(m_dir / "config.json", config);
    expectRefused(with({"find", "--config", "config.json"}), mentions);
  }
}

TEST_F(CliInputs, LearningRatesBeyondFloat32AreRefusedBeforeTheRun) {
  expectRefused(with({"find", "--end-lr", "1e308"}), {"end LR", "float32", "1e+308"});
  expectRefused(with({"find", "--start-lr", "1e-320"}), {"start LR", "float32"});
  writeText(m_dir / "events.txt", "2 set 1e300\n");
  expectRefused(with({"train", "--lower", "0.01", "--upper", "0.1", "--lr-events", "events.txt"}),
                {"events.txt:1", "float32"});
}

TEST_F(CliInputs, FrozenGroupsAreCheckedAgainstTheModelAndStoredWithIt) {
  const std::vector<std::string> mlp = {"--data", "table.csv", "--label", "y",       "--model",
                                        "mlp",    "--widths",  "8",       "--iters", "20"};
  EXPECT_TRUE(failedWithOneLine(run(with({"find", "--freeze", "conv1", "--no-store"}, mlp)),
                                {"cannot freeze \"conv1\"", "hidden1, head"}));
  EXPECT_TRUE(failedWithOneLine(run(with({"find", "--freeze", "head,hidden1", "--no-store"}, mlp)),
                                {"freezing every layer group", "leave one out"}));
  const ProcessResult found = run(with({"find", "--freeze", "hidden1", "--no-store"}, mlp));
  ASSERT_EQ(found.exitCode, 0) << found.err;
  EXPECT_NE(found.out.find("(27 parameters, 2 layer groups, frozen: hidden1)"), std::string::npos)
      << found.out; // the head's 8 x 3 + 3 train
  const nlohmann::json json =
      jsonOf(run(with({"find", "--freeze", "hidden1", "--no-store", "--json"}, mlp)));
  EXPECT_EQ(json["config"]["model"]["freeze"], nlohmann::json({"hidden1"}));

  // A per-group test skips the frozen group; training from it trains the others.
  const ProcessResult perGroup =
      run(with({"find", "--per-group", "--freeze", "hidden1", "--db", "runs.db", "-q"}, mlp));
  ASSERT_EQ(perGroup.exitCode, 0) << perGroup.err;
  EXPECT_NE(perGroup.out.find("2 layer groups (1 tested)"), std::string::npos) << perGroup.out;
  EXPECT_NE(perGroup.out.find("frozen, not tested: hidden1"), std::string::npos) << perGroup.out;
  const nlohmann::json perGroupJson = jsonOf(
      run(with({"find", "--per-group", "--freeze", "hidden1", "--db", "runs.db", "--json"}, mlp)));
  EXPECT_EQ(perGroupJson["groups"].size(), 1u);
  EXPECT_EQ(perGroupJson["groups"][0]["group"], 1);
  EXPECT_EQ(perGroupJson["groups"][0]["name"], "head");
  const std::string parent = std::to_string(perGroupJson["run_id"].get<int64_t>());
  const ProcessResult trained = run({"train", "--from-run", parent, "--epochs", "1", "--validation",
                                     "40", "--db", "runs.db", "-q", "--json"});
  ASSERT_EQ(trained.exitCode, 0) << trained.err;
  EXPECT_EQ(jsonOf(trained)["config"]["model"]["freeze"], nlohmann::json({"hidden1"}));
}

TEST_F(CliInputs, ImageFolderOptionsAreCheckedAndStoredWithTheRun) {
  writePets();
  auto pets = [](const std::vector<std::string>& flags) {
    return with({"find", "--data", "pets", "--model", "logreg", "--sample", "100%", "--validation",
                 "0", "--iters", "10", "--no-store"},
                flags);
  };
  const nlohmann::json found =
      jsonOf(run(pets({"--image-size", "6x4", "--channels", "3", "--json"})));
  EXPECT_EQ(found["config"]["data"]["image_size"], "6x4");
  EXPECT_EQ(found["config"]["data"]["channels"], 3);
  EXPECT_FALSE(found["config"]["data"].contains("skip_bad_images"));
  EXPECT_TRUE(fs::exists(m_dir / "xdg-cache" / "lrscope")); // the sample decoded, cached
  EXPECT_EQ(run(pets({"--no-cache"})).exitCode, 0);

  EXPECT_TRUE(failedWithOneLine(run(pets({"--image-size", "0"})), {"0"}));
  EXPECT_TRUE(failedWithOneLine(run(pets({"--channels", "2"})), {"--channels"}));
  EXPECT_TRUE(failedWithOneLine(run(with({"find", "--image-size", "8", "--no-store"})),
                                {"table.csv", "are for folders of images"}));
  writeText(m_dir / "pets" / "dog" / "broken.png", "not a png");
  EXPECT_TRUE(failedWithOneLine(run(pets({})), {"broken.png", "--skip-bad-images"}));
  const ProcessResult skipped = run(pets({"--skip-bad-images"}));
  ASSERT_EQ(skipped.exitCode, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("warning: skipped 1 unreadable image (--skip-bad-images)"),
            std::string::npos)
      << skipped.out;
}

TEST_F(CliInputs, AnImageFolderRunKeepsItsClassNamesAndWarningsThroughShowAndExport) {
  writePets();
  writeText(m_dir / "pets" / "dog" / "broken.png", "not a png");
  const std::vector<std::string> data = {"--data", "pets",    "--model",          "logreg",
                                         "--db",   "runs.db", "--skip-bad-images"};
  const ProcessResult found =
      run(with({"find", "--iters", "10", "--sample", "100%", "--validation", "0"}, data));
  ASSERT_EQ(found.exitCode, 0) << found.err;
  EXPECT_TRUE(contains(found.out, "2 classes: cat, dog\n")) << found.out;
  const nlohmann::json findJson = jsonOf(run(
      with({"find", "--iters", "10", "--sample", "100%", "--validation", "0", "--json"}, data)));
  EXPECT_EQ(findJson["run"]["classes"], nlohmann::json({"cat", "dog"})) << findJson.dump();

  const ProcessResult trained =
      run(with({"train", "--lower", "0.01", "--upper", "0.1", "--epochs", "1", "--batch-size", "4",
                "--sample", "12", "--validation", "4"},
               data));
  ASSERT_EQ(trained.exitCode, 0) << trained.err;
  EXPECT_TRUE(contains(trained.out, "2 classes: cat, dog\n")) << trained.out;
  EXPECT_TRUE(contains(trained.out, "warning: skipped 1 unreadable image")) << trained.out;

  const nlohmann::json runs = jsonOf(run({"runs", "--db", "runs.db", "--json"}));
  ASSERT_EQ(runs.size(), 3u);
  for (const nlohmann::json& stored : runs) {
    const std::string id = std::to_string(stored["id"].get<int64_t>());
    const ProcessResult shown = run({"show", id, "--db", "runs.db"});
    EXPECT_TRUE(contains(shown.out, "\n2 classes: cat, dog\n")) << shown.out;
    EXPECT_TRUE(contains(shown.out, "warning: skipped 1 unreadable image (--skip-bad-images)"))
        << shown.out;
    const nlohmann::json shownJson = jsonOf(run({"show", id, "--db", "runs.db", "--json"}));
    EXPECT_EQ(shownJson["classes"], nlohmann::json({"cat", "dog"}));
    EXPECT_EQ(shownJson["warnings"][0], "skipped 1 unreadable image (--skip-bad-images)")
        << shownJson.dump();
  }
}

TEST_F(CliInputs, ARunThatFailsSaysWhyOnStderr) {
  // A factor is not an LR: it is checked when it meets the schedule's LR, during the run.
  writeText(m_dir / "events.txt", "1 scale 1e300\n");
  const std::vector<std::string> args =
      with({"train", "--lower", "0.01", "--upper", "0.1", "--epochs", "1", "--validation", "30",
            "--batch-size", "32", "--lr-events", "events.txt"});
  const ProcessResult result = run(args);
  EXPECT_TRUE(failedWithOneLine(result, {"the run failed", "learning rate", "float32"}))
      << commandLine(args);
}

TEST_F(CliInputs, DeeplyNestedJsonIsRefusedInOneLine) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  writeText(m_dir / "deep.json", deep);
  writeText(m_dir / "deep-object.json", "{\"lr\": " + deep + "}");
  expectRefused(with({"find", "--config", "deep.json"}), {"deep.json", "nested deeper than 64"});
  expectRefused({"import", "deep-object.json", "--db", "runs.db"},
                {"deep-object.json", "nested deeper than 64"});
  EXPECT_TRUE(failedWithOneLine(run({"suggest", "--curve", "deep.json"}), {"nested deeper"}));
}

TEST_F(CliInputs, LongAndMultiLineValuesAreEchoedShortOnOneLine) {
  writeText(m_dir / "long.csv", "lr,loss\n1e-5,2\n" + std::string(1000000, '7') + "x,1\n");
  const ProcessResult longCell = run({"suggest", "--curve", "long.csv"});
  EXPECT_TRUE(failedWithOneLine(longCell, {"long.csv:3", "more bytes"}));
  EXPECT_LT(longCell.err.size(), 500u);
  writeText(m_dir / "quoted.csv", "lr,loss\n1e-5,2\n\"1e-4\nsecond line\x1b[31m\",1\n");
  const ProcessResult quoted = run({"suggest", "--curve", "quoted.csv"});
  EXPECT_TRUE(failedWithOneLine(quoted, {"quoted.csv:3", "1e-4\\nsecond line\\e[31m"}));
  writeText(m_dir / "config.json",
            R"({"sample": {"count": ")" + std::string(100000, 'a') + R"("}})");
  const ProcessResult config = run(with({"find", "--config", "config.json"}));
  EXPECT_TRUE(failedWithOneLine(config, {"sample.count", "more bytes"}));
  EXPECT_LT(config.err.size(), 500u);
}

TEST_F(CliInputs, NamesThatAreNotUtf8AreRefusedOrEscaped) {
  const std::string notUtf8 = "t\xff.csv";
  writeText(m_dir / notUtf8, test::blobsCsv(300));
  expectRefused({"find", "--data", notUtf8, "--label", "y", "--db", "runs.db"},
                {"\"t\\xff.csv\"", "not valid UTF-8"});
  writeText(m_dir / "c\xff.csv", "lr,loss\n1e-5,2\n1e-4,1.9\n1e-3,1.5\n1e-2,1.2\n1e-1,3\n");
  const nlohmann::json suggested = jsonOf(run({"suggest", "--curve", "c\xff.csv", "--json"}));
  EXPECT_EQ(suggested["curve"]["file"], "c\\xff.csv");
  const ProcessResult imported = run({"import", "c\xff.csv", "--db", "runs.db"});
  EXPECT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_TRUE(contains(imported.out, "c\\xff.csv: imported as run 1")) << imported.out;
  EXPECT_EQ(jsonOf(run({"show", "1", "--db", "runs.db", "--json"}))["data"], "c\\xff.csv");
}

TEST_F(CliInputs, ControlCharactersFromFilesArePrintedEscaped) {
  const std::string name = "evil\x1b[2J.csv";
  writeText(m_dir / name, "lr,loss\n1e-5,2\n1e-4,1.9\n1e-3,1.5\n1e-2,1.2\n1e-1,3\n");
  ASSERT_EQ(run({"import", name, "--db", "runs.db"}).exitCode, 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"runs", "--db", "runs.db"},
        std::vector<std::string>{"show", "1", "--db", "runs.db"}}) {
    const ProcessResult shown = run(args);
    EXPECT_FALSE(contains(shown.out, "\x1b")) << commandLine(args);
    EXPECT_TRUE(contains(shown.out, "evil\\e[2J")) << commandLine(args) << shown.out;
  }
}

TEST_F(CliInputs, NoOutputWritesOverAnInputEvenThroughALink) {
  const std::string table = engine::test::readText(m_dir / "table.csv");
  fs::create_symlink("table.csv", m_dir / "symlink.csv");
  fs::create_hard_link(m_dir / "table.csv", m_dir / "hardlink.csv");
  writeText(m_dir / "config.json", R"({"range_test": {"iterations": 20}})");
  for (const std::string& output : {"table.csv", "symlink.csv", "hardlink.csv", "./table.csv"})
    expectRefused(with({"find", "--save-curve", output}), {output, "refusing to write over it"});
  expectRefused(with({"find", "--config", "config.json", "--save-curve", "config.json"}),
                {"config.json", "refusing"});
  expectRefused(
      with({"train", "--lower", "0.01", "--upper", "0.1", "--checkpoint", "hardlink.csv"}),
      {"hardlink.csv", "refusing"});
  EXPECT_EQ(engine::test::readText(m_dir / "table.csv"), table);
  EXPECT_TRUE(contains(engine::test::readText(m_dir / "config.json"), "iterations"));
}

/// `lrscope args...` run in `dir` by a user who may not write the shared folder: this user
/// when it is not root, the user nobody when it is (root writes anything). Its exit code;
/// stdout and stderr in `dir`/out.txt and err.txt.
int runAsReader(const std::vector<std::string>& args, const fs::path& dir) {
  std::string command = "cd '" + dir.string() + "' && ";
  if (::geteuid() == 0)
    command += "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
  command += LRSCOPE_EXECUTABLE;
  for (const std::string& arg : args)
    command += " '" + arg + "'";
  const int status = std::system((command + " > out.txt 2> err.txt").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(CliInputs, ADatabaseInAWriteProtectedFolderIsListedShownExportedAndMerged) {
  const fs::path shared = m_dir / "shared";
  const fs::path mine = m_dir / "mine";
  fs::create_directories(shared);
  fs::create_directories(mine);
  ASSERT_EQ(run(with({"find", "--iters", "20", "--db", "shared/runs.db"},
                     {"--data", "table.csv", "--label", "y", "-q"}))
                .exitCode,
            0);
  ASSERT_FALSE(fs::exists(shared / "runs.db-wal")); // the last writer checkpointed it
  const std::string before = engine::test::readText(shared / "runs.db");
  using fs::perms;
  fs::permissions(m_dir.path(), perms::owner_all | perms::others_read | perms::others_exec);
  fs::permissions(shared / "runs.db", perms::owner_read | perms::others_read);
  fs::permissions(shared,
                  perms::owner_read | perms::owner_exec | perms::others_read | perms::others_exec);
  fs::permissions(mine, perms::all);
  const std::string db = (shared / "runs.db").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"runs", "--db", db},
        std::vector<std::string>{"show", "1", "--db", db},
        std::vector<std::string>{"export", "1", "--db", db, "--csv", "run.csv"},
        std::vector<std::string>{"merge", db, "--db", "merged.db"}}) {
    EXPECT_EQ(runAsReader(args, mine), 0) << commandLine(args) << "\n"
                                          << engine::test::readText(mine / "err.txt");
  }
  EXPECT_TRUE(contains(engine::test::readText(mine / "out.txt"), "copied 1 run"));
  fs::permissions(shared, perms::owner_all);
  fs::permissions(shared / "runs.db", perms::owner_read | perms::owner_write);
  EXPECT_EQ(engine::test::readText(shared / "runs.db"), before);
  EXPECT_TRUE(fs::exists(mine / "run.csv"));
}

/// An LR Scope export of a real range test, to be spoiled one field at a time.
class CliImportValidation : public CliInputs {
protected:
  void SetUp() override {
    CliInputs::SetUp();
    ASSERT_EQ(run({"find", "--data", "table.csv", "--label", "y", "--iters", "20", "--db",
                   "source.db", "-q"})
                  .exitCode,
              0);
    ASSERT_EQ(run({"export", "1", "--db", "source.db", "--json-file", "run.json"}).exitCode, 0);
    m_export = nlohmann::json::parse(engine::test::readText(m_dir / "run.json"));
  }

  /// Imports the export with `spoil` applied; expects it refused, naming the file and `field`.
  void expectImportRefused(const std::function<void(nlohmann::json&)>& spoil,
                           const std::vector<std::string>& mentions) {
    nlohmann::json spoiled = m_export;
    spoil(spoiled);
    writeText(m_dir / "spoiled.json", spoiled.dump());
    std::vector<std::string> all = mentions;
    all.push_back("spoiled.json");
    expectRefused({"import", "spoiled.json", "--db", "runs.db"}, all);
  }

  nlohmann::json m_export;
};

TEST_F(CliImportValidation, TheUnspoiledExportImports) {
  writeText(m_dir / "copy.json", m_export.dump());
  const ProcessResult imported = run({"import", "copy.json", "--db", "runs.db"});
  EXPECT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_EQ(run({"show", "1", "--db", "runs.db"}).exitCode, 0);
}

TEST_F(CliImportValidation, AnExportThatLiesIsRefusedNamingTheField) {
  expectImportRefused([](nlohmann::json& e) { e["config"] = "not json"; }, {"\"config\""});
  expectImportRefused([](nlohmann::json& e) { e["step_metrics"]["step"][3] = 2; },
                      {"step_metrics.step", "[3]"});
  expectImportRefused([](nlohmann::json& e) { e["step_metrics"]["step"][0] = 1e300; },
                      {"step_metrics.step", "[0]"});
  expectImportRefused([](nlohmann::json& e) { e["duration_s"] = -5; }, {"duration_s", "-5"});
  expectImportRefused([](nlohmann::json& e) { e["duration_s"] = 1e308; }, {"duration_s"});
  expectImportRefused([](nlohmann::json& e) { e["seed"] = -1; }, {"\"seed\"", "-1"});
  expectImportRefused([](nlohmann::json& e) { e["id"] = 1.5; }, {"\"id\"", "1.5"});
}

TEST_F(CliInputs, AnEmptyFastaiTensorIsNotAMissingLoss) {
  writeText(m_dir / "fastai.csv", "lr,loss\n1e-5,tensor(2.0)\n1e-4,tensor()\n1e-3,tensor(1.5)\n");
  EXPECT_TRUE(failedWithOneLine(run({"suggest", "--curve", "fastai.csv"}),
                                {"fastai.csv:3", "\"tensor()\" is not a number"}));
}

} // namespace
} // namespace lrscope::cli
