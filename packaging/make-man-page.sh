#!/bin/bash
# Writes the man page lrscope(1) from the command line's own help: help2man reads
# `lrscope --help` and `--version`, and a SUBCOMMANDS section holds each subcommand's --help as
# the program prints it. Nothing here is a second copy of the help to keep in step.
#
#   packaging/make-man-page.sh BUILT_LRSCOPE OUTPUT.1
set -euo pipefail

binary=$1
output=$2
[[ -x $binary ]] || { echo "make-man-page.sh: $binary is not an executable" >&2; exit 1; }
command -v help2man >/dev/null || {
  echo "make-man-page.sh: help2man is missing; apt-get install help2man" >&2
  exit 1
}
# A sanitizer build must not call its own exit a leak.
export ASAN_OPTIONS=detect_leaks=0 QT_QPA_PLATFORM=offscreen

include=$(mktemp)
trap 'rm -f "$include" "$output.part"' EXIT

# Roff text: a leading dot or quote would be a request, a backslash an escape.
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

subcommands=$("$binary" --help | awk '/^Subcommands:/ { listing = 1; next }
                                      listing && /^  [a-z]/ { print $1 }')
[[ -n $subcommands ]] || { echo "make-man-page.sh: no subcommands in $binary --help" >&2; exit 1; }
{
  echo "[DESCRIPTION]"
  echo "Without a subcommand, lrscope opens the desktop app. A subcommand runs headless, for"
  echo "scripts and clusters; each one is described below as \\fBlrscope SUBCOMMAND --help\\fR"
  echo "prints it."
  echo "[SUBCOMMANDS]"
  for subcommand in $subcommands; do
    echo ".SS $subcommand"
    echo ".nf"
    "$binary" "$subcommand" --help | roff
    echo ".fi"
  done
  echo "[FILES]"
  echo ".TP"
  echo ".I \$XDG_DATA_HOME/lrscope/lrscope.db"
  echo "The database of runs (~/.local/share/lrscope/lrscope.db when XDG_DATA_HOME is unset)."
  echo ".TP"
  echo ".I \$XDG_CACHE_HOME/lrscope/"
  echo "Decoded image folders (~/.cache/lrscope/), rebuilt whenever their files change."
  echo "[SEE ALSO]"
  echo "The README, the user guide and the reference (docs/), and example configs and scripts in examples/, in /usr/share/doc/lrscope/."
} >"$include"

help2man --no-info --no-discard-stderr --section 1 \
  --name "find and use a neural network's learning rate" \
  --include "$include" --output "$output.part" "$binary"
mv "$output.part" "$output"
