#!/usr/bin/env bash
# The Debian package as a user gets it: built with CPack from a build folder, unpacked into a
# temporary root (dpkg-deb -x), its files where the desktop, man and bash look for them, the
# unpacked program run, the desktop entry, metainfo and man page validated, the completion
# tried, and lintian without errors or warnings.
#
#   tests/packaging/check_package.sh BUILD_DIR VERSION
set -euo pipefail

build=$1
version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A sanitizer build's program must not call its own exit a leak.
export ASAN_OPTIONS=detect_leaks=0 QT_QPA_PLATFORM=offscreen

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect_contains() { # TEXT PART WHAT
  [[ $1 == *"$2"* ]] || fail "$3 lacks \"$2\""
}

echo "== cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; echo "FAIL: cpack" >&2; exit 1; }
deb="$work/out/lrscope_${version}_$(dpkg --print-architecture).deb"
[[ -f $deb ]] || { ls "$work/out"; echo "FAIL: no $deb" >&2; exit 1; }
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1)"

echo "== control"
control=$(dpkg-deb -f "$deb") || { echo "FAIL: dpkg-deb cannot read $deb" >&2; exit 1; }
echo "$control"
expect_contains "$control" "Package: lrscope" "control"
expect_contains "$control" "Version: $version" "control"
expect_contains "$control" "Recommends: libopenblas0-pthread, dataset-fashion-mnist" "control"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libtorch libqt6widgets6 libqcustomplot libsqlite3; do
  expect_contains "$depends" "$library" "Depends (dpkg-shlibdeps)"
done

echo "== files"
root="$work/root"
dpkg-deb -x "$deb" "$root"
for file in usr/bin/lrscope \
  usr/share/applications/io.github.lrscope.LRScope.desktop \
  usr/share/metainfo/io.github.lrscope.LRScope.metainfo.xml \
  usr/share/icons/hicolor/scalable/apps/lrscope.svg \
  usr/share/icons/hicolor/48x48/apps/lrscope.png \
  usr/share/icons/hicolor/256x256/apps/lrscope.png \
  usr/share/man/man1/lrscope.1.gz \
  usr/share/bash-completion/completions/lrscope \
  usr/share/doc/lrscope/copyright \
  usr/share/doc/lrscope/changelog.gz \
  usr/share/doc/lrscope/README.md \
  usr/share/doc/lrscope/docs/guide.md \
  usr/share/doc/lrscope/docs/reference.md \
  usr/share/doc/lrscope/docs/images/main-window.png \
  usr/share/doc/lrscope/examples/find-fashion-mnist-cnn.json; do
  [[ -s $root/$file ]] || fail "the package lacks /$file"
done
for size in 48 256; do
  png=$root/usr/share/icons/hicolor/${size}x$size/apps/lrscope.png
  expect_contains "$(file "$png")" "$size x $size" "/usr/share/icons/.../${size}x$size/lrscope.png"
done

echo "== the unpacked program"
expect_contains "$("$root/usr/bin/lrscope" --version)" "lrscope $version" "lrscope --version"
expect_contains "$("$root/usr/bin/lrscope" find --help)" "--data" "lrscope find --help"

echo "== desktop entry, metainfo"
desktop-file-validate "$root/usr/share/applications/io.github.lrscope.LRScope.desktop" ||
  fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.lrscope.LRScope.metainfo.xml" ||
  fail "appstreamcli validate"

echo "== one version everywhere"
expect_contains "$(zcat "$root/usr/share/doc/lrscope/changelog.gz" | head -1)" "lrscope ($version)" \
  "the changelog's first entry"
expect_contains "$(cat "$root/usr/share/metainfo/io.github.lrscope.LRScope.metainfo.xml")" \
  "<release version=\"$version\"" "the metainfo's releases"

echo "== man page"
page=$(MANWIDTH=100 man --warnings -l "$root/usr/share/man/man1/lrscope.1.gz" 2>"$work/man.err") ||
  fail "man cannot show lrscope(1)"
[[ ! -s $work/man.err ]] || { cat "$work/man.err"; fail "man --warnings"; }
for part in "lrscope - find and use a neural network's learning rate" SUBCOMMANDS \
  "lrscope find" "--data" "--repeats" "lrscope slurm" FILES; do
  expect_contains "$page" "$part" "man lrscope"
done

echo "== bash completion"
complete_words() { # WORDS...: what TAB offers after them (the last one is being typed)
  bash -c 'source /usr/share/bash-completion/bash_completion
           source "$1"; shift
           COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
           COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _lrscope lrscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
           echo "${COMPREPLY[*]}"' _ "$root/usr/share/bash-completion/completions/lrscope" "$@"
}
[[ $(complete_words lrscope 'fi') == find ]] || fail "lrscope fi<TAB>: $(complete_words lrscope 'fi')"
[[ $(complete_words lrscope find --da) == --data ]] ||
  fail "lrscope find --da<TAB>: $(complete_words lrscope find --da)"
expect_contains "$(complete_words lrscope slurm find --rep)" "--repeats" "lrscope slurm find --rep<TAB>"
# A flag's value is a file, not a subcommand (slurm has subcommands to offer instead), and a
# value that happens to be a subcommand's name is not taken for one.
expect_contains "$(complete_words lrscope slurm --out "$root/usr/share/doc/lrscope/cop")" \
  "$root/usr/share/doc/lrscope/copyright" "lrscope slurm --out FILE<TAB>"
expect_contains "$(complete_words lrscope slurm --partition sweep find --rep)" "--repeats" \
  "lrscope slurm --partition sweep find --rep<TAB>"
# Every subcommand of the help is offered.
offered=" $(complete_words lrscope '') "
for subcommand in $("$root/usr/bin/lrscope" --help |
  awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
  [[ $offered == *" $subcommand "* ]] || fail "lrscope <TAB> does not offer $subcommand"
done

echo "== lintian"
lintian --fail-on error,warning "$deb" ||
  fail "lintian reports errors or warnings"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "the package is whole"
