#pragma once

namespace CLI {
class App;
}

namespace lrscope::cli {

/// Makes every integer option of `app` and its subcommands take only a whole number written in
/// decimal digits ("12", "-3", "010" as ten): 32-bit for signed options, 64-bit for unsigned
/// ones (the seed). CLI11 alone reads "010" as octal 8 and "0x10" as 16, wraps "-1" into an
/// unsigned seed as 2^64-1 and saturates 10^20 to 2^63-1. Call once every option is added.
void requireDecimalWholeNumbers(CLI::App& app);

} // namespace lrscope::cli
