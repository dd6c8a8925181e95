#!/usr/bin/env bash
# Builds and runs the libFuzzer targets: tests/fuzz/run.sh SECONDS [TARGET...]
# Targets: every folder of tests/fuzz/corpus (npy bvh steps_json step_text study_design
# study_responses model_config fbx gltf project ...); default: all of them.
# Configures a clang build in build/fuzz on first use (STEPMOTION_FUZZ_BUILD overrides),
# builds the targets (FUZZ_JOBS jobs, default 2; FUZZ_NO_BUILD=1 skips the build), and fuzzes
# each for SECONDS on a scratch copy of its seed corpus (tests/fuzz/corpus/<target>) plus its
# kept crash inputs (tests/fuzz/regressions/<target>), with its dictionary. Prints executions,
# exec/s, coverage (cov = edges, ft = features, from libFuzzer's final status line), the grown
# corpus size and any crash files. Exits 1 if any target crashed, leaked, hit a sanitizer
# report, a time-out or a memory limit. Logs: <build>/fuzz-runs/<target>/log.txt; the summary
# lines are appended to <build>/fuzz-runs/summary.txt.
# FUZZ_KEEP_CORPUS=1 keeps the scratch corpus of an earlier run instead of starting afresh.
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [TARGET ...]   (targets: the folders of tests/fuzz/corpus)" >&2
    exit 2
fi
seconds=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${STEPMOTION_FUZZ_BUILD:-$root/build/fuzz}
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    for dir in "$here"/corpus/*/; do
        targets+=("$(basename "$dir")")
    done
fi
for t in "${targets[@]}"; do
    if [[ ! -d $here/corpus/$t ]]; then
        echo "$0: no target '$t' (no tests/fuzz/corpus/$t)" >&2
        exit 2
    fi
done

if [[ ${FUZZ_NO_BUILD:-0} != 1 ]]; then
    if [[ ! -f $build/build.ninja ]]; then
        cmake -S "$root" -B "$build" -G Ninja -Wno-dev -DCMAKE_CXX_COMPILER=clang++ \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEPMOTION_BUILD_GUI=OFF -DSTEPMOTION_BUILD_TESTS=OFF \
            -DSTEPMOTION_BUILD_FUZZERS=ON >/dev/null
    fi
    # A corpus folder without a fuzz_<name> target fails here, so the two cannot drift apart.
    cmake --build "$build" --target "${targets[@]/#/fuzz_}" -j"${FUZZ_JOBS:-2}"
fi

dict_of() {
    if [[ -f $here/dict/$1.dict ]]; then
        echo "$here/dict/$1.dict"
    else
        echo "$here/dict/json.dict" # the JSON readers share one
    fi
}

mkdir -p "$build/fuzz-runs"
# Leaks inside Assimp's importers are suppressed (see lsan.supp); every other leak fails.
export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
failed=0
for t in "${targets[@]}"; do
    work=$build/fuzz-runs/$t
    if [[ ${FUZZ_KEEP_CORPUS:-0} != 1 ]]; then
        rm -rf "$work"
    fi
    mkdir -p "$work/corpus" "$work/crashes"
    cp -n "$here/corpus/$t"/* "$work/corpus/" 2>/dev/null || true
    if [[ -d $here/regressions/$t ]]; then
        for f in "$here/regressions/$t"/*; do cp -n "$f" "$work/corpus/regression-$(basename "$f")"; done
    fi
    # -malloc_limit_mb: a single allocation above 1 GiB is a finding (huge declared sizes must
    # be refused before allocating); -rss_limit_mb bounds the whole process. Leak checking is
    # libFuzzer's default under ASan.
    set +e
    "$build/tests/fuzz/fuzz_$t" "$work/corpus" -dict="$(dict_of "$t")" -max_total_time="$seconds" \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/crashes/" >"$work/log.txt" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log.txt" | tail -1)
    status=$(grep -E '^#[0-9]+' "$work/log.txt" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
    units=$(find "$work/corpus" -type f | wc -l)
    seeds=$(find "$here/corpus/$t" -type f | wc -l)
    line=$(printf '%-16s %ss execs=%s exec/s=%s cov=%s ft=%s corpus=%s->%s files rc=%s' \
        "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$seeds" "$units" "$rc")
    echo "$line"
    echo "$(date -u +%FT%TZ) $line" >>"$build/fuzz-runs/summary.txt"
    crashes=$(find "$work/crashes" -type f)
    if [[ $rc -ne 0 || -n $crashes ]]; then
        failed=1
        echo "  FINDING in $t (log: $work/log.txt):"
        { grep -E 'ERROR: |runtime error|terminate called|what\(\)' "$work/log.txt" || true; } | head -5 | sed 's/^/    /'
        for c in $crashes; do echo "    crash file: $c"; done
    fi
done
exit $failed
