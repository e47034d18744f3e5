#!/usr/bin/env bash
# The tests of everything that runs on more than one thread, built with ThreadSanitizer and run:
# any data race or lock-order report fails. The run queue and its worker thread
# (test_ui_run_queue, test_ui_live_run), repeats of a range test side by side
# (test_engine_torch, RepeatedRangeTestJob.*), and image folders decoded on several threads
# (test_engine_data, ImageFolderTest.* and ImageCacheTest.*).
# Usage: tests/sanitizers/run_tsan.sh [BUILD_DIR]   (default build-tsan)
#
# Qt, libtorch, glib and SQLite are Debian's, not instrumented. ignore_noninstrumented_modules
# keeps TSan from judging their own memory accesses (it still follows their locks); tsan.supp
# names the one hand-off through Qt's event queue that TSan cannot see, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-tsan}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1" \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
# target and the gtest filter of its cases to run ("" for a QtTest binary: all of it)
runs=("test_ui_run_queue|" "test_ui_live_run|" "test_engine_torch|RepeatedRangeTestJob.*"
  "test_engine_data|ImageFolderTest.*:ImageCacheTest.*")
targets=()
for run in "${runs[@]}"; do targets+=("${run%%|*}"); done
cmake --build "$build" -j2 --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:history_size=7:suppressions=$PWD/tests/sanitizers/tsan.supp"
export QT_QPA_PLATFORM=offscreen
export LRSCOPE_TEST_DATA="$PWD/tests/data"
failed=0
for run in "${runs[@]}"; do
  target="${run%%|*}"
  filter="${run#*|}"
  echo "== $target ${filter:+($filter) }(TSan)"
  if ! "$build/tests/$target" ${filter:+"--gtest_filter=$filter"}; then
    echo "thread-sanitized $target FAILED" >&2
    failed=1
  fi
done
exit "$failed"
