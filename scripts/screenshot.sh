#!/usr/bin/env bash
# Runs factdesk under Xvfb on the bundled corpus and saves a screenshot of the window.
#
#   scripts/screenshot.sh [OUT.png]          (default: assets/screenshot.png)
#   FACTDESK_LANG=zh scripts/screenshot.sh assets/screenshots/window-zh.png
# (the README's shots: the window's 1500x900 cropped, then
#  convert IN -crop 1500x900+0+0 +repage -resize 1200x -dither None -colors 256 PNG8:OUT)
#
# Needs (Debian/Ubuntu): xvfb imagemagick x11-utils xdotool mesa-vulkan-drivers libvulkan1
#   libgl1-mesa-dri libegl1 libegl-mesa0 libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1
# Builds the app in the same target folder as the tests (.ci/run), so it reuses that build.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-assets/screenshot.png}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/factdesk/target}"
cargo build --bin factdesk
bin="$CARGO_TARGET_DIR/debug/factdesk"

display=":${FACTDESK_DISPLAY:-97}"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp &
xvfb_pid=$!
trap 'kill "$app_pid" "$xvfb_pid" 2>/dev/null || true' EXIT
export DISPLAY="$display"
unset WAYLAND_DISPLAY
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# The app opens on the bundled corpus; the trap closes it after the shot. Its settings go to a
# temporary folder, never the user's.
FACTDESK_CONFIG_DIR="$(mktemp -d)" "$bin" --no-native-dialogs &
app_pid=$!
for _ in $(seq 100); do xdotool search --name 'factdesk$' >/dev/null 2>&1 && break; sleep 0.2; done
sleep "${FACTDESK_SETTLE_SECONDS:-4}"
# Review a few facts with the keyboard, as an analyst would, so the shot shows state.
window=$(xdotool search --name 'factdesk$' | head -1)
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool mousemove 700 300 click 1 2>/dev/null || true
for key in j j a j x j j; do xdotool key "$key" 2>/dev/null; sleep 0.3; done
sleep 1
import -window "$window" "$out"
echo "saved $out"
