#!/usr/bin/env bash
# Sets up the machine, builds StepMotion and launches StepMotion Studio on a bundled example.
# Usage: scripts/studio.sh [FILE]   (any .bvh or .npy motion; default: a bundled CMU walk)
# Without a display (a server, CI), it renders a screenshot under Xvfb instead and says where.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
cmake --preset dev -Wno-dev >/dev/null
cmake --build --preset dev -j "$(nproc 2>/dev/null || echo 2)"

file="${1:-$root/resources/examples/cmu_05_01_walk.npy}"
studio="$root/build/dev/app/stepmotion-studio"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$studio" "$file"
fi
shot="$root/build/dev/studio-screenshot.png"
echo "studio: no display found; rendering a screenshot under Xvfb instead"
xvfb-run -a "$studio" "$file" --screenshot "$shot" --frame 40
echo "studio: wrote $shot"
