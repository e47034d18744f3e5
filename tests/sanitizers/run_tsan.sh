#!/usr/bin/env bash
# The tests of the run queue and its worker thread (test_ui_run_queue, test_ui_live_run) built
# with ThreadSanitizer and run: any data race or lock-order report fails.
# Usage: tests/sanitizers/run_tsan.sh [BUILD_DIR]   (default build-tsan)
#
# Qt, libtorch and SQLite are Debian's, not instrumented: TSan sees the std::mutex and atomics of
# LR Scope's own code, but not the QMutex inside Qt that hands a queued signal's arguments from
# one thread to the other. tsan.supp names those hand-offs (and nothing of LR Scope's own).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-tsan}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1" \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
targets=(test_ui_run_queue test_ui_live_run)
cmake --build "$build" -j2 --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp"
export QT_QPA_PLATFORM=offscreen
export LRSCOPE_TEST_DATA="$PWD/tests/data"
failed=0
for target in "${targets[@]}"; do
  echo "== $target (TSan)"
  if ! "$build/tests/$target"; then
    echo "thread-sanitized $target FAILED" >&2
    failed=1
  fi
done
exit "$failed"
