#!/usr/bin/env bash
# Builds StepMotion and runs every test (the README's test command; CI runs exactly this).
# Usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"

jobs="$(nproc 2>/dev/null || echo 2)"
cmake --preset dev -Wno-dev
cmake --build --preset dev -j "$jobs"
# Tests that need the shared data skip with a message when ../shared/datasets is absent.
ctest --preset dev -j "$jobs" "$@"
