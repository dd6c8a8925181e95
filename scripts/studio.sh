#!/usr/bin/env bash
# Sets up the machine, builds StepMotion and launches StepMotion Studio with the bundled default
# model, example steps in the step editor (press Generate) and a bundled CMU walk as reference.
# Usage: scripts/studio.sh [FILE]   (any .bvh or .npy motion; default: the bundled CMU walk)
# Without a display (a server, CI), it generates the example steps under Xvfb and writes a
# screenshot of the window instead, saying where.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
cmake --preset dev -Wno-dev >/dev/null
cmake --build --preset dev -j "$(nproc 2>/dev/null || echo 2)"

file="${1:-$root/resources/examples/cmu_05_01_walk.npy}"
steps="$root/resources/examples/walk_turn_wave.steps.json"
studio="$root/build/dev/app/stepmotion-studio"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$studio" "$file" --steps "$steps"
fi
shot="$root/build/dev/studio-screenshot.png"
echo "studio: no display found; generating the example steps under Xvfb and grabbing the window"
xvfb-run -a -s "-screen 0 1400x900x24" "$studio" "$file" --steps "$steps" --generate --window-screenshot "$shot"
echo "studio: wrote $shot"
