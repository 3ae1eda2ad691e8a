#!/usr/bin/env bash
# Builds the Debian package from a Release tree and checks it:
#   tests/packaging/check-deb.sh [--no-build] BUILD_DIR
# 1. configures BUILD_DIR (Release, no tests), builds it and runs `cpack -G DEB`; with --no-build, packages the
#    already built tree BUILD_DIR as it is (what ctest does with its own tree, to spare a second full build);
# 2. checks the package's contents (dpkg-deb -c) and control fields, prints its size and dependencies;
# 3. as root only: installs it with dpkg -i, runs the installed programs, validates the installed desktop file and
#    AppStream metainfo, then removes it with dpkg -r and checks that the programs are gone.
# Takes minutes (a full Release build). JOBS=N limits the build's parallel jobs.
# Needs: cmake, ninja, dpkg-dev; for step 3 desktop-file-utils and appstream (all in scripts/setup).
set -euo pipefail

build=1
if [ "${1:-}" = "--no-build" ]; then
    build=0
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: $0 [--no-build] BUILD_DIR" >&2
    exit 1
fi
for tool in cpack dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$tool" >/dev/null; then
        echo "check-deb: SKIP: $tool is not installed (scripts/setup installs dpkg-dev)" >&2
        exit 77
    fi
done
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$1"
build_dir="$(cd "$1" && pwd)"
app_id=org.veil.Veil

fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
step() { echo "check-deb: $*" >&2; }

# 1. Build and package.
started=$SECONDS
if [ $build -eq 1 ]; then
    step "building a Release tree in $build_dir"
    cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVEIL_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build_dir" ${JOBS:+-j "$JOBS"}
fi
built=$SECONDS
rm -f "$build_dir"/veil_*.deb
step "running cpack -G DEB"
# Each run packages in a folder of its own, so a test run and a developer's cpack never share a staging area.
package_dir="$(mktemp -d "$build_dir/check-deb.XXXXXX")"
trap 'rm -rf "$package_dir"' EXIT
(cd "$build_dir" && cpack -G DEB -B "$package_dir" >/dev/null)
packaged=$SECONDS
debs=("$package_dir"/veil_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack produced no single veil_*.deb in $package_dir"
deb="${debs[0]}"

# 2. Contents and control fields.
contents="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')"
expected=(
    /usr/bin/veil
    /usr/bin/veilctl
    /usr/share/applications/$app_id.desktop
    /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/share/man/man1/veil.1.gz
    /usr/share/man/man1/veilctl.1.gz
    /usr/share/doc/veil/examples/README.md
    /usr/share/doc/veil/examples/policy.json
    /usr/share/doc/veil/examples/managed.d/10-example.json
)
for size in 16 22 24 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
missing=0
for path in "${expected[@]}"; do
    if ! grep -qxF "$path" <<<"$contents"; then
        echo "check-deb: missing from the package: $path" >&2
        missing=1
    fi
done
[ $missing -eq 0 ] || fail "the package lacks expected files"
if grep -q '^/etc/' <<<"$contents"; then
    fail "the package must not install anything under /etc (the managed configuration is the admin's)"
fi

[ "$(dpkg-deb -f "$deb" Package)" = veil ] || fail "package name is not veil"
depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libc6 libqt6core6 libqt6widgets6 libre2 libsodium; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (dpkg-shlibdeps did not run?): $depends"
done
for field in Maintainer Section Description Installed-Size; do
    [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "control field $field is empty"
done
echo "package:        $(basename "$deb")"
echo "size:           $(du -k "$deb" | cut -f1) KiB (.deb), $(dpkg-deb -f "$deb" Installed-Size) KiB installed"
echo "files:          $(grep -vc '/$' <<<"$contents")"
echo "section:        $(dpkg-deb -f "$deb" Section)"
echo "depends:        $depends"
echo "recommends:     $(dpkg-deb -f "$deb" Recommends)"
echo "time:           build $((built - started)) s, cpack $((packaged - built)) s"

# 3. Install, use, validate, remove (root only).
if [ "$(id -u)" -ne 0 ]; then
    step "not root: skipping dpkg -i / dpkg -r (contents checked)"
    echo "check-deb: PASS (contents only)"
    exit 0
fi
if dpkg-query -W -f='${Status}' veil 2>/dev/null | grep -q "install ok installed"; then
    fail "a veil package is already installed; remove it first (dpkg -r veil)"
fi
installed=0
cleanup() {
    if [ $installed -eq 1 ]; then dpkg -r veil >/dev/null 2>&1 || true; fi
    rm -rf "$package_dir"
}
trap cleanup EXIT

step "installing with dpkg -i"
dpkg -i "$deb" >/dev/null || fail "dpkg -i failed (runtime dependencies missing?)"
installed=1

# GNU style: "program (package) version" on the first line; --help on stdout with status 0. Neither needs a display.
version="$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/veilctl --version)" || fail "veilctl --version failed"
[[ "$version" =~ ^veilctl\ \(Veil\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "unexpected veilctl --version: $version"
echo "veilctl:        $version"
version="$(env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM= /usr/bin/veil --version)" || fail "veil --version failed"
[[ "$version" =~ ^veil\ \(Veil\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "unexpected veil --version: $version"
echo "veil:           $version"
help="$(env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM= /usr/bin/veil --help)" || fail "veil --help failed"
grep -q -- '--screenshot' <<<"$help" || fail "veil --help does not list --screenshot"
for command in redact rules scan policy providers keys ask workspaces export history audit; do
    help="$(/usr/bin/veilctl "$command" --help)" || fail "veilctl $command --help failed"
    grep -q "^Usage: veilctl $command" <<<"$help" || fail "veilctl $command --help prints no usage line"
done
# The installed veilctl scans with its built-in catalogue (no network, no keychain).
scan_dir="$(mktemp -d)"
echo "mail jane.doe@acme-corp.io" > "$scan_dir/notes.txt"
status=0
sarif="$(/usr/bin/veilctl scan --format sarif "$scan_dir")" || status=$?
rm -rf "$scan_dir"
grep -q '"version": "2.1.0"' <<<"$sarif" && [ $status -eq 1 ] || fail "the installed veilctl scan failed ($status)"
man -w veilctl >/dev/null 2>&1 || ! command -v man >/dev/null || fail "man cannot find veilctl(1)"

desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"

step "removing with dpkg -r"
dpkg -r veil >/dev/null || fail "dpkg -r veil failed"
installed=0
[ ! -e /usr/bin/veilctl ] || fail "/usr/bin/veilctl is still there after dpkg -r"
[ ! -e /usr/bin/veil ] || fail "/usr/bin/veil is still there after dpkg -r"
[ ! -e "/usr/share/applications/$app_id.desktop" ] || fail "the desktop file is still there after dpkg -r"
echo "check-deb: PASS"
