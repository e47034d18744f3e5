#!/usr/bin/env bash
# The tests of the engine core and storage (every reader, parser, rule and the database layer;
# no libtorch, no Qt) built with AddressSanitizer and UndefinedBehaviorSanitizer and run: any
# report fails. Usage: tests/sanitizers/run_asan.sh [BUILD_DIR]   (default build-asan)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-asan}"
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=(test_engine_data test_engine_analysis test_engine_schedule test_storage)
cmake --build "$build" -j2 --target "${targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LRSCOPE_TEST_DATA="$PWD/tests/data"
failed=0
for target in "${targets[@]}"; do
  echo "== $target (ASan + UBSan)"
  if ! "$build/tests/$target" --gtest_brief=1; then
    echo "sanitized $target FAILED" >&2
    failed=1
  fi
done
exit "$failed"
