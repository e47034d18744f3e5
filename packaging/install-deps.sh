#!/usr/bin/env bash
# Installs every build, test and run-time dependency of LR Scope from Debian 12's packages.
# Safe to run again: it asks apt only for what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  clang-14 libclang-rt-14-dev # libFuzzer and the sanitizers: tests/fuzz
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libgl-dev
  libtorch-dev libopenblas0-pthread
  libsqlite3-dev libsqlitecpp-dev zlib1g-dev
  libpng-dev libturbojpeg0-dev # image folders: PNG and JPEG decoding
  nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  dataset-fashion-mnist
  xvfb xauth
  poppler-utils # pdftotext: the report tests read the PDFs back; pdftoppm: the guide's pictures
  pngquant # the guide's pictures (docs/make-pictures.sh) as small palette PNGs
  # The Debian package: its man page, icons, and the checks of tests/packaging
  help2man librsvg2-bin dpkg-dev file desktop-file-utils appstream lintian bash-completion man-db
  slurmctld slurmd slurm-client munge # a single-node Slurm for the cluster test: tests/slurm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "Installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# libtorch calls whatever libblas.so.3 is selected; the reference BLAS is ~6x slower than OpenBLAS.
blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/ {print $2}')
case "$blas" in
  *openblas*) ;;
  *) echo "warning: libblas.so.3 points to '${blas:-nothing}', not OpenBLAS; training will be slow" >&2 ;;
esac
