#!/usr/bin/env bash
# The ablation study behind docs/results.md: six model variants trained under one budget,
# then scored on the test split and on the composite prompt set.
#   scripts/run_ablations.sh DATA OUT [STEPS]
# DATA is a `stepmotion data build` directory; OUT receives one model folder per variant,
# composite_prompts.json and the result tables. Every variant uses the same small config
# (resources/configs/ablation_small.json), tokenizer, seed, batch, learning-rate schedule and
# number of steps (default 1000 x 32 clips: about 15 minutes per variant on one CPU core).
# Environment: STEPMOTION (the CLI; default build/dev/app/stepmotion), THREADS (default 1),
# REPEATS (evaluation repeats, default 20), LIMIT (test clips scored, default 256),
# MM_REPEATS (MultiModality repeats over 32 texts x 10 generations, default 10).
# On the 2-core CPU the 20-repeat scoring of six variants takes about 45 min per three variants
# on one core, the composite set about 10 min, MultiModality about 20 min per three variants.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
data=$1 out=$2 steps=${3:-1000}
root="$(cd "$(dirname "$0")/.." && pwd)"
cli=${STEPMOTION:-$root/build/dev/app/stepmotion}
threads=${THREADS:-1}
repeats=${REPEATS:-20}
mm_repeats=${MM_REPEATS:-10}
limit=${LIMIT:-256}
variants=(full coarse-only full-no-cross-attention full-no-step-attention fine-only full-time-aligned)
mkdir -p "$out"

for v in "${variants[@]}"; do
  resume=()
  if [ -f "$out/$v/training_state.pt" ]; then resume=(--resume); fi
  "$cli" train --data "$data" --tokenizer "$root/resources/models/default/tokenizer.model" \
    --out "$out/$v" --config "$root/resources/configs/ablation_small.json" --variant "$v" \
    --steps "$steps" --batch 32 --lr 1e-3 --warmup 100 --checkpoint-every 500 --log-every 100 \
    --threads "$threads" --seed 7 "${resume[@]}"
done

# Score whatever variants are trained: the test split (R-Precision, FID, MM-Dist, Diversity, step
# satisfaction) and the composite prompt set (seen basic vs unseen composite steps).
trained=()
for v in "${variants[@]}"; do
  if [ -f "$out/$v/model.pt" ]; then trained+=(--model "$out/$v"); fi
done
if [ ! -f "$out/composite_prompts.json" ]; then
  "$cli" data composite-prompts --data "$data" --out "$out/composite_prompts.json" --per-kind 24 --seed 1
fi
evaluator="$root/resources/models/evaluator"
"$cli" eval --evaluator "$evaluator" --data "$data" "${trained[@]}" --limit "$limit" --repeats "$repeats" \
  --threads "$threads" --out "$out/test_results.json" | tee "$out/test_results.md"
# MultiModality: 10 generations of each of the first 32 test texts (its own run, as it costs
# more than the other metrics together).
"$cli" eval --evaluator "$evaluator" --data "$data" "${trained[@]}" --limit 32 --mm-clips 32 --no-steps-check \
  --repeats "$mm_repeats" --threads "$threads" --out "$out/multimodality.json" | tee "$out/multimodality.md"
"$cli" eval --prompts "$out/composite_prompts.json" --evaluator "$evaluator" \
  --model "$root/resources/models/default" "${trained[@]}" --repeats "$repeats" --threads "$threads" \
  --out "$out/composite_results.json" | tee "$out/composite_results.md"
