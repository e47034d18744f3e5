#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz: clang-14, -DLRSCOPE_FUZZ=ON, ccache when present),
# then for each target replays its seed corpus (every seed must pass) and fuzzes it.
#
#   tests/fuzz/run_fuzzers.sh [--seconds N | --runs N] [--build-dir DIR] [--no-build] [TARGET...]
#
#   --seconds N   fuzz each target for N seconds (default 30)
#   --runs N      fuzz each target for N executions instead
#   --build-dir   where to build (default: build-fuzz in the repository root)
#   --no-build    use the targets already built there
#   TARGET        some of: idx_file cifar10_folder csv_table curve_file curve_import find_config
#                 train_config lr_events run_database (default: all, one after the other)
#
# A finding (crash, sanitizer report, hang over 10 s, more than 2 GB) stops that target: its
# input is written to tests/fuzz/corpus/TARGET/ (crash-*, timeout-*, oom-*, leak-*), so that
# every later replay runs it as a regression seed, and the script prints the path and the
# report and exits 1 after the remaining targets. New coverage goes to BUILD_DIR/corpus/TARGET,
# kept between runs, never into the repository. Logs: BUILD_DIR/fuzz-logs/TARGET.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
all_targets=(idx_file cifar10_folder csv_table curve_file curve_import find_config train_config
  lr_events run_database image_file)

# Inputs longer than a seed need to be are slower and find nothing new: the limit is sized to
# each format (a few IDX images; two CIFAR records and the meta file; an exported run).
declare -A max_len=([idx_file]=4096 [cifar10_folder]=16384 [csv_table]=4096 [curve_file]=8192
  [curve_import]=8192 [find_config]=4096 [train_config]=4096 [lr_events]=1024
  [run_database]=32768 [image_file]=4096)
declare -A dict=([idx_file]=idx_file [cifar10_folder]=cifar10_folder [csv_table]=csv_table
  [curve_file]=curve [curve_import]=curve [find_config]=config [train_config]=config
  [lr_events]=lr_events [run_database]=run_database [image_file]=image_file)

seconds=30
runs=""
build_dir=$repo/build-fuzz
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; runs=""; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *)
      [ -n "${max_len[$1]:-}" ] || { echo "unknown target $1 (see --help)" >&2; exit 2; }
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if [ "$build" = 1 ]; then
  # The top-level CMakeLists.txt puts ccache in front of the compiler when it is installed.
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build_dir" -G Ninja -DLRSCOPE_FUZZ=ON \
      -DLRSCOPE_BUILD_TESTS=OFF -DLRSCOPE_BUILD_APP=OFF
  fi
  cmake --build "$build_dir" --target "${targets[@]/%/_fuzzer}"
fi

# The targets write their inputs as files (the readers take paths) under this folder.
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm=${TMPDIR:-/tmp}
export LRSCOPE_FUZZ_TMP
LRSCOPE_FUZZ_TMP=$(mktemp -d "$shm/lrscope-fuzz-run.XXXXXX")
trap 'rm -rf "$LRSCOPE_FUZZ_TMP"' EXIT

logs=$build_dir/fuzz-logs
mkdir -p "$logs"
limits=(-rss_limit_mb=2048 -timeout=10)
failed=()
summary=()

# The report of a failed run: the input's path and what the sanitizer or libFuzzer said.
report() { # report TARGET LOG INPUT
  echo "FAIL $1: $3" >&2
  echo "--- report (whole log: $2) ---" >&2
  awk '/^==[0-9]+==|runtime error:|^ALARM|^terminate called|^undocumented exception/ { on = 1 }
       on && !/^#[0-9]/ { print }' "$2" | head -n 150 >&2
  echo "--- end of report ---" >&2
}

for target in "${targets[@]}"; do
  binary=$build_dir/tests/fuzz/${target}_fuzzer
  seeds=$here/corpus/$target
  work=$build_dir/corpus/$target
  log=$logs/$target.log
  mkdir -p "$work"
  [ -x "$binary" ] || { echo "no $binary; build first" >&2; exit 2; }

  # 1. Every seed once, regression seeds of earlier findings included.
  mapfile -t seed_files < <(find "$seeds" -type f | sort)
  if ! "$binary" "${limits[@]}" "${seed_files[@]}" >"$log.replay" 2>&1; then
    input=$(grep -o '^Running: .*' "$log.replay" | tail -n 1 | cut -c 10-)
    report "$target (replaying the seeds)" "$log.replay" "${input:-see the log}"
    failed+=("$target")
    continue
  fi

  # 2. Fuzz, starting from the seeds and what earlier runs kept.
  if [ -n "$runs" ]; then budget=(-runs="$runs"); else budget=(-max_total_time="$seconds"); fi
  start=$(date +%s.%N)
  status=0
  "$binary" "${limits[@]}" "${budget[@]}" -max_len="${max_len[$target]}" \
    -dict="$here/dict/${dict[$target]}.dict" -artifact_prefix="$seeds/" -print_final_stats=1 \
    "$work" "$seeds" >"$log" 2>&1 || status=$?
  wall=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%.1f", end - start }')
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  if [ "$status" -ne 0 ]; then
    input=$(grep -o 'Test unit written to .*' "$log" | tail -n 1 | cut -c 22-)
    report "$target" "$log" "${input:-see the log}"
    failed+=("$target")
    continue
  fi
  summary+=("$(awk -v t="$target" -v n="${executions:-0}" -v s="$wall" \
    'BEGIN { printf "%-16s %10d executions %8.0f s %8.0f exec/s", t, n, s, n / s }')")
  echo "${summary[-1]}"
done

echo
echo "Fuzzed clean:"
printf '  %s\n' "${summary[@]:-none}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
