#pragma once

// Runs the real lrscope executable (LRSCOPE_EXECUTABLE) as a subprocess, in a test's own
// folder, and checks what it printed.

#include "engine/data/test_files.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lrscope::cli::test {

struct ProcessResult {
  bool signaled = false;
  int signal = 0;
  int exitCode = -1;
  std::string out;
  std::string err;
};

inline std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `lrscope args...` running in the folder `dir`, with XDG_DATA_HOME and XDG_CACHE_HOME inside
/// it so that the default database and the image cache are never the user's; stdout and stderr go
/// to files of its own in `dir`, so several may run there at once. A process still running at
/// destruction is killed.
class LrscopeProcess {
public:
  LrscopeProcess(const std::vector<std::string>& args, const std::filesystem::path& dir) {
    static std::atomic<int> counter{0};
    const std::string suffix = std::to_string(++counter);
    m_outFile = dir / (".lrscope-stdout-" + suffix);
    m_errFile = dir / (".lrscope-stderr-" + suffix);
    std::vector<std::string> argvText{LRSCOPE_EXECUTABLE};
    argvText.insert(argvText.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argvText)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> environmentText{"XDG_DATA_HOME=" + (dir / "xdg-data").string(),
                                             "XDG_CACHE_HOME=" + (dir / "xdg-cache").string()};
    for (char** entry = environ; *entry != nullptr; ++entry)
      if (std::strncmp(*entry, "XDG_DATA_HOME=", 14) != 0 &&
          std::strncmp(*entry, "XDG_CACHE_HOME=", 15) != 0)
        environmentText.emplace_back(*entry);
    std::vector<char*> environment;
    for (std::string& entry : environmentText)
      environment.push_back(entry.data());
    environment.push_back(nullptr);

    std::fflush(nullptr);
    m_pid = fork();
    if (m_pid == 0) { // only async-signal-safe calls until exec
      const int out = open(m_outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(m_errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0 || err < 0 || chdir(dir.c_str()) != 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(126);
      execve(argv[0], argv.data(), environment.data());
      _exit(127);
    }
    if (m_pid < 0)
      ADD_FAILURE() << "fork failed";
  }
  ~LrscopeProcess() {
    if (running())
      kill(SIGKILL);
    (void)wait();
  }
  LrscopeProcess(const LrscopeProcess&) = delete;
  LrscopeProcess& operator=(const LrscopeProcess&) = delete;

  /// False once it has ended (it is reaped then, without waiting).
  [[nodiscard]] bool running() {
    if (m_pid <= 0 || m_reaped)
      return false;
    if (waitpid(m_pid, &m_status, WNOHANG) == m_pid)
      m_reaped = true;
    return !m_reaped;
  }

  void kill(int signal) {
    if (m_pid > 0 && !m_reaped)
      ::kill(m_pid, signal);
  }

  /// Waits for the end; what it printed, read once (later calls return the same).
  ProcessResult wait() {
    if (m_pid <= 0 || m_result)
      return m_result ? *m_result : ProcessResult{};
    while (!m_reaped && waitpid(m_pid, &m_status, 0) < 0) {
    }
    m_reaped = true;
    ProcessResult result;
    result.signaled = WIFSIGNALED(m_status);
    result.signal = result.signaled ? WTERMSIG(m_status) : 0;
    result.exitCode = WIFEXITED(m_status) ? WEXITSTATUS(m_status) : -1;
    result.out = readFile(m_outFile);
    result.err = readFile(m_errFile);
    std::error_code ignored;
    std::filesystem::remove(m_outFile, ignored);
    std::filesystem::remove(m_errFile, ignored);
    m_result = result;
    return result;
  }

private:
  pid_t m_pid = -1;
  bool m_reaped = false;
  int m_status = 0;
  std::filesystem::path m_outFile;
  std::filesystem::path m_errFile;
  std::optional<ProcessResult> m_result;
};

/// Runs lrscope with `args` in the folder `dir` to its end.
inline ProcessResult runLrscope(const std::vector<std::string>& args,
                                const std::filesystem::path& dir) {
  return LrscopeProcess(args, dir).wait();
}

inline std::string commandLine(const std::vector<std::string>& args) {
  std::string text = "lrscope";
  for (const std::string& arg : args)
    text += " " + arg;
  return text;
}

/// Success when the run failed cleanly: no signal, a non-zero exit code, and exactly one
/// stderr line "lrscope: ..." that holds every one of `mentions`.
inline ::testing::AssertionResult failedWithOneLine(const ProcessResult& r,
                                                    const std::vector<std::string>& mentions) {
  auto failure = [&r]() {
    return ::testing::AssertionFailure() << "exit " << r.exitCode << ", stderr:\n" << r.err << "\n";
  };
  if (r.signaled)
    return failure() << "killed by signal " << r.signal;
  if (r.exitCode == 0)
    return failure() << "exit code 0";
  const std::string prefix = "lrscope: ";
  if (r.err.rfind(prefix, 0) != 0 || r.err.size() <= prefix.size() + 1)
    return failure() << "stderr does not start with \"" << prefix << "\" and a message";
  if (r.err.back() != '\n' || r.err.find('\n') != r.err.size() - 1)
    return failure() << "stderr is not exactly one line";
  for (const std::string& part : mentions)
    if (!engine::test::contains(r.err, part))
      return failure() << "the message does not mention \"" << part << "\"";
  return ::testing::AssertionSuccess();
}

/// A 3-class table, columns a..d and y, three blobs: easy to learn.
inline std::string blobsCsv(int rows) {
  std::string text = "a,b,c,d,y\n";
  for (int i = 0; i < rows; ++i) {
    const int label = i % 3;
    for (int d = 0; d < 4; ++d) {
      char cell[32];
      const double noise = std::sin(12.9898 * i + 78.233 * d) * 0.8;
      std::snprintf(cell, sizeof cell, "%.4f,", noise + (d % 3 == label ? 2.5 : 0.0));
      text += cell;
    }
    text += std::to_string(label) + "\n";
  }
  return text;
}

/// A regression table of 200 rows: target = 0.8 x1 - 0.5 x2 + a little noise.
inline std::string regressionCsv() {
  std::string csv = "x1,x2,target\n";
  for (int i = 0; i < 200; ++i) {
    const double x1 = std::sin(i * 0.37);
    const double x2 = std::cos(i * 0.11);
    csv += std::to_string(x1) + "," + std::to_string(x2) + "," +
           std::to_string(0.8 * x1 - 0.5 * x2 + 0.05 * std::sin(i * 7.1)) + "\n";
  }
  return csv;
}

/// Parses stdout as JSON; a test failure (and null) when it is not.
inline nlohmann::json jsonOf(const ProcessResult& result) {
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\n" << result.out;
    return nullptr;
  }
}

} // namespace lrscope::cli::test
