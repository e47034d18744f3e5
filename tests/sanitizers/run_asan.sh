#!/usr/bin/env bash
# The whole test suite (engine, torch, storage, command line, UI) built with AddressSanitizer and
# UndefinedBehaviorSanitizer and run through ctest: a report fails its test. The lrscope binary
# the command-line tests start is sanitized too and inherits the options below.
# Usage: tests/sanitizers/run_asan.sh [BUILD_DIR]   (default build-asan)
#
# Qt, libtorch and SQLite are Debian's, not instrumented: ASan still sees every allocation and
# LR Scope's own code. lsan.supp names the leaks that are theirs (allocations made once by
# libraries at start-up), none of LR Scope's own.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-asan}"
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
# -O1: quicker to build than Release's -O3 and clearer stacks; asserts stay on (no NDEBUG).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1" \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" -j2 --output-on-failure
