#!/usr/bin/env bash
# Builds the `asan` preset (AddressSanitizer + UndefinedBehaviorSanitizer, Debug, leak checking
# on) and runs the core test suites under it; CI runs this after scripts/test.sh.
# Usage: scripts/test_asan.sh [LABEL] [extra ctest arguments]   (LABEL: core (default), ui, app)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

label="${1:-core}"
shift || true
jobs="$(nproc 2>/dev/null || echo 2)"
started=$(date +%s)
cmake --preset asan -Wno-dev
# Build only what the labelled suites need (the library and those test executables), not the
# whole tree: the GUI and the app are not needed for `-L core`.
mapfile -t targets < <(ctest --preset asan -N -L "$label" | sed -n 's/^ *Test *#[0-9]*: \(tst_[A-Za-z0-9_]*\)$/\1/p')
if [ "${#targets[@]}" -eq 0 ]; then
  echo "test_asan.sh: no tests labelled '$label'" >&2
  exit 1
fi
cmake --build --preset asan -j "$jobs" --target "${targets[@]}"
built=$(date +%s)
ctest --preset asan -L "$label" -j "$jobs" "$@"
echo "test_asan.sh: ${#targets[@]} $label suites; build $((built - started)) s, tests $(($(date +%s) - built)) s"
