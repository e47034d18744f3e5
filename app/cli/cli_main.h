#pragma once

namespace lrscope::cli {

/// True when the arguments ask for the headless command line (a subcommand, --help or
/// --version) rather than the desktop app.
[[nodiscard]] bool isCommandLineInvocation(int argc, const char* const* argv);

/// Runs the command line; returns the process exit code. Never throws.
[[nodiscard]] int runCommandLine(int argc, const char* const* argv);

} // namespace lrscope::cli
