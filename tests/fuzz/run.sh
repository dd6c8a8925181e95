#!/usr/bin/env bash
# Runs the libFuzzer targets: tests/fuzz/run.sh SECONDS [TARGET...]
# Targets: npy bvh steps_json project study_responses (default: all that are built).
# Configures a clang build in build/fuzz on first use (STEPMOTION_FUZZ_BUILD overrides),
# builds the targets, and fuzzes each for SECONDS on a scratch copy of its seed corpus
# (tests/fuzz/corpus/<target>) with its dictionary. Prints executions, exec/s, coverage
# (cov = edges, ft = features, from libFuzzer's final status line), the grown corpus size and
# any crash files. Exits 1 if any target crashed. Logs: <build>/fuzz-runs/<target>/log.txt.
# FUZZ_KEEP_CORPUS=1 keeps the scratch corpus of an earlier run instead of starting afresh.
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [npy|bvh|steps_json|project|study_responses ...]" >&2
    exit 2
fi
seconds=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${STEPMOTION_FUZZ_BUILD:-$root/build/fuzz}
all=(npy bvh steps_json project study_responses)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    for t in "${all[@]}"; do
        [[ -d $here/corpus/$t ]] && targets+=("$t")
    done
fi

if [[ ! -f $build/build.ninja ]]; then
    cmake -S "$root" -B "$build" -G Ninja -Wno-dev -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEPMOTION_BUILD_GUI=OFF -DSTEPMOTION_BUILD_TESTS=OFF \
        -DSTEPMOTION_BUILD_FUZZERS=ON >/dev/null
fi
cmake --build "$build" --target "${targets[@]/#/fuzz_}" -j"${FUZZ_JOBS:-2}"

dict_of() {
    case $1 in
        npy) echo npy ;;
        bvh) echo bvh ;;
        *) echo json ;;
    esac
}

failed=0
for t in "${targets[@]}"; do
    work=$build/fuzz-runs/$t
    if [[ ${FUZZ_KEEP_CORPUS:-0} != 1 ]]; then
        rm -rf "$work"
    fi
    mkdir -p "$work/corpus" "$work/crashes"
    cp -n "$here/corpus/$t"/* "$work/corpus/" 2>/dev/null || true
    dict=$here/dict/$(dict_of "$t").dict
    # -malloc_limit_mb: a single allocation above 1 GiB is a finding (huge declared sizes must
    # be refused before allocating); -rss_limit_mb bounds the whole process.
    set +e
    "$build/tests/fuzz/fuzz_$t" "$work/corpus" -dict="$dict" -max_total_time="$seconds" \
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
    printf '%-16s execs=%s exec/s=%s cov=%s ft=%s corpus=%s files rc=%s\n' \
        "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$rc"
    crashes=$(find "$work/crashes" -type f)
    if [[ $rc -ne 0 || -n $crashes ]]; then
        failed=1
        echo "  FINDING in $t (log: $work/log.txt):"
        { grep -E 'ERROR: |runtime error|terminate called|what\(\)' "$work/log.txt" || true; } | head -5 | sed 's/^/    /'
        for c in $crashes; do echo "    crash file: $c"; done
    fi
done
exit $failed
