// lrscope report through the real executable, with no display: a real range test and training
// run on Fashion-MNIST reported as PDF and HTML, and the bad requests (a run that does not
// exist, a file that cannot be written, no file, a bad page size, no database), each refused in
// one line with nothing left behind.
#include "app/lrscope_process.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::contains;
using engine::test::TempDir;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::readFile;
using test::runLrscope;

/// The text of a PDF by poppler's pdftotext (packaging/install-deps.sh installs it).
std::string pdfText(const fs::path& pdf) {
  const fs::path text = pdf.string() + ".txt";
  const std::string command = "pdftotext '" + pdf.string() + "' '" + text.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command << " (install poppler-utils)";
  return readFile(text);
}

class CliReport : public ::testing::Test {
protected:
  void SetUp() override {
    unsetenv("DISPLAY"); // the children inherit it: a report needs no display
    unsetenv("WAYLAND_DISPLAY");
    const ProcessResult find =
        runLrscope({"find", "--data", "fashion-mnist", "--model", "logreg", "--iters", "60",
                    "--sample", "1000", "--db", "runs.db", "--json"},
                   m_dir.path());
    ASSERT_EQ(find.exitCode, 0) << find.err;
    m_run = std::to_string(jsonOf(find).value("run_id", int64_t{-1}));
  }

  [[nodiscard]] std::vector<std::string> leftovers() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(m_dir.path())) {
      const std::string name = entry.path().filename().string();
      if (name != "runs.db" && name.rfind("runs.db-", 0) != 0 && name[0] != '.')
        names.push_back(name);
    }
    return names;
  }

  TempDir m_dir;
  std::string m_run;
};

TEST_F(CliReport, WritesAPdfAndAnHtmlReportOfARealRunWithoutADisplay) {
  const ProcessResult report = runLrscope(
      {"report", m_run, "--db", "runs.db", "--pdf", "run.pdf", "--html", "run.html"}, m_dir.path());
  ASSERT_EQ(report.exitCode, 0) << report.err;
  EXPECT_TRUE(report.err.empty()) << report.err; // nothing from Qt on stderr
  EXPECT_TRUE(contains(report.out, "to run.pdf (")) << report.out;
  EXPECT_TRUE(contains(report.out, "to run.html")) << report.out;
  const std::string text = pdfText(m_dir.path() / "run.pdf");
  for (const char* part : {"LR Scope report", "range test of logreg on fashion-mnist",
                           "1000 examples", "Loss vs learning rate", "valley", "Page 1 of"})
    EXPECT_TRUE(contains(text, part)) << part;
  const std::string html = readFile(m_dir.path() / "run.html");
  EXPECT_TRUE(contains(html, "<svg")) << "no inline SVG";
  EXPECT_TRUE(contains(html, "logreg"));
}

TEST_F(CliReport, ComparesARangeTestWithTheTrainingRunItStarted) {
  const ProcessResult train =
      runLrscope({"train", "--from-run", m_run, "--epochs", "1", "--sample", "1000", "--validation",
                  "200", "--db", "runs.db", "--quiet", "--json"},
                 m_dir.path());
  ASSERT_EQ(train.exitCode, 0) << train.err;
  const std::string trained = std::to_string(jsonOf(train).value("run_id", int64_t{-1}));
  const ProcessResult report = runLrscope(
      {"report", m_run, trained, "--db", "runs.db", "--pdf", "both.pdf", "--page-size", "Letter"},
      m_dir.path());
  ASSERT_EQ(report.exitCode, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "letter")) << report.out;
  const std::string text = pdfText(m_dir.path() / "both.pdf");
  for (const std::string& part : std::vector<std::string>{
           "Comparison of 2 runs", "Overview", "Run #" + trained + ": training", "Final metrics",
           "Loss and accuracy per epoch"})
    EXPECT_TRUE(contains(text, part)) << part;
}

TEST_F(CliReport, RefusesBadRequestsInOneLineAndLeavesNothingBehind) {
  const ProcessResult missing =
      runLrscope({"report", "99", "--db", "runs.db", "--pdf", "r.pdf"}, m_dir.path());
  EXPECT_TRUE(failedWithOneLine(missing, {"no run 99"}));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_TRUE(failedWithOneLine(runLrscope({"report", m_run, "--db", "runs.db", "--pdf", "r.pdf",
                                            "--html", "no/such/folder/r.html"},
                                           m_dir.path()),
                                {"no/such/folder/r.html", "cannot write"}));
  EXPECT_TRUE(failedWithOneLine(runLrscope({"report", m_run, "--db", "runs.db"}, m_dir.path()),
                                {"--pdf FILE or --html FILE"}));
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"report", m_run, "--db", "runs.db", "--pdf", "r.pdf", "--page-size", "a5"},
                 m_dir.path()),
      {"page-size"}));
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"report", m_run, "--db", "elsewhere.db", "--pdf", "r.pdf"}, m_dir.path()),
      {"elsewhere.db", "no such database"}));
  EXPECT_EQ(leftovers(), std::vector<std::string>{}); // no report, no .part, no new database
}

TEST(CliReportHelp, ReportIsListedWithTheOtherSubcommands) {
  const TempDir dir;
  const ProcessResult help = runLrscope({"--help"}, dir.path());
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_TRUE(contains(help.out, "report")) << help.out;
  const ProcessResult unknown = runLrscope({"reprot"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(unknown, {"unknown subcommand 'reprot'", "report"}));
  const ProcessResult own = runLrscope({"report", "--help"}, dir.path());
  EXPECT_EQ(own.exitCode, 0);
  for (const char* option : {"--pdf", "--html", "--page-size", "--db"})
    EXPECT_TRUE(contains(own.out, option)) << option;
}

} // namespace
} // namespace lrscope::cli
