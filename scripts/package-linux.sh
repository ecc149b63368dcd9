#!/usr/bin/env bash
# Builds factdesk's Linux packages on this machine with cargo-packager (the config is
# [package.metadata.packager] in Cargo.toml) and checks them: the .deb holds the binary, the
# desktop entry and the icons, and the packaged binary runs. Not part of .ci/run: it needs a
# release build.
#
#   cargo install cargo-packager --locked      # once
#   scripts/package-linux.sh                   # the .deb
#   FORMATS=deb,appimage scripts/package-linux.sh
#
# The AppImage needs network access (cargo-packager downloads linuxdeploy and AppRun) and FUSE 2
# or APPIMAGE_EXTRACT_AND_RUN=1 to run linuxdeploy, which is itself an AppImage.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/factdesk/target}"
formats="${FORMATS:-deb}"
out="${OUT_DIR:-$CARGO_TARGET_DIR/packages}"

command -v cargo-packager >/dev/null || {
    echo "package-linux.sh: cargo-packager is not installed: cargo install cargo-packager --locked" >&2
    exit 1
}
fail() {
    echo "package-linux.sh: $*" >&2
    exit 1
}

version="$(cargo metadata --no-deps --format-version 1 \
    | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="factdesk"))')"

cargo build --release --locked
work="$(mktemp -d "${TMPDIR:-/tmp}/factdesk-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The release profile keeps line tables (for profiling): about 190 MB. The packages get it
# stripped (about 40 MB, mostly the compiled-in dictionary and font). cargo-packager 0.11.8 reads
# but ignores --binaries-dir, so the binary is stripped where it is; strip writes a new file, so
# the copy cargo keeps in release/deps/ is untouched. (The release workflow builds stripped.)
strip "$CARGO_TARGET_DIR/release/factdesk"
rm -rf "$out"
APPIMAGE_EXTRACT_AND_RUN=1 cargo packager --release --formats "$formats" --out-dir "$out"

# Runs a packaged binary: its version, then an extraction of one seed and of the bundled corpus.
check_binary() {
    local bin="$1"
    "$bin" --version | grep -qx "factdesk $version" || fail "$bin --version is not factdesk $version"
    "$bin" extract seeds/002_a71703915d167703.txt --out "$work/one.jsonl"
    grep -q '"surface"' "$work/one.jsonl" || fail "$bin extract wrote no mention"
    "$bin" extract --out "$work/bundled.jsonl"
    echo "  $bin: $("$bin" --version); $(wc -l <"$work/one.jsonl") mentions in one seed," \
        "$(wc -l <"$work/bundled.jsonl") in the bundled corpus"
}

if [[ ",$formats," == *,deb,* ]]; then
    deb="$(ls "$out"/*.deb)"
    echo "checking $deb"
    dpkg-deb -c "$deb" >"$work/contents"
    for path in usr/bin/factdesk usr/share/applications/factdesk.desktop \
        usr/share/icons/hicolor/256x256/apps/factdesk.png; do
        grep -Eq " (\./)?$path\$" "$work/contents" || fail "$deb has no $path"
    done
    dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends Installed-Size | sed 's/^/  /'
    dpkg-deb -x "$deb" "$work/root"
    desktop="$work/root/usr/share/applications/factdesk.desktop"
    for line in 'Exec=factdesk' 'Icon=factdesk' 'Name=factdesk' 'Categories=Office;' 'Type=Application'; do
        grep -q "^$line" "$desktop" || fail "the desktop entry has no $line"
    done
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$desktop"
    fi
    check_binary "$work/root/usr/bin/factdesk"
fi

if [[ ",$formats," == *,appimage,* ]]; then
    appimage="$(ls "$out"/*.AppImage)"
    echo "checking $appimage"
    APPIMAGE_EXTRACT_AND_RUN=1 check_binary "$appimage"
fi
echo "packages in $out:"
ls -la "$out"
