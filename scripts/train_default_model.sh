#!/usr/bin/env bash
# The recipe behind resources/models/default (see its MODEL_CARD.md):
#   scripts/train_default_model.sh DATA FINEMOTION OUT [stepmotion train options...]
# DATA is a `stepmotion data build` directory, FINEMOTION the unpacked FineMotion folder
# (BPMSD/BPMP JSON, from ../shared/datasets/unpack.sh). It trains the tokenizer (BPE, 4000
# pieces) unless OUT/tokenizer.model exists, pre-trains the text encoder with masked language
# modelling unless OUT/text_encoder.pt exists, then trains the generator into OUT/model.
# Environment: STEPMOTION (the CLI; default build/dev/app/stepmotion), DEVICE (cpu or cuda),
# MLM_STEPS (default 6000), TOKEN_CACHE (a `stepmotion data tokenize` file: pre-training and
# training read it instead of running sentencepiece). Extra arguments go to `stepmotion train`.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
data=$1 finemotion=$2 out=$3
shift 3
cli=${STEPMOTION:-build/dev/app/stepmotion}
device=${DEVICE:-cpu}
mkdir -p "$out"
cache=()
if [ -n "${TOKEN_CACHE:-}" ]; then cache=(--token-cache "$TOKEN_CACHE"); fi
if [ ! -f "$out/tokenizer.model" ]; then
  "$cli" train-tokenizer --out "$out/tokenizer" --finemotion "$finemotion" --data "$data" \
    --vocab 4000 --model-type bpe
fi
corpus=(--data "$data" --finemotion "$finemotion")
if [ -n "${TOKEN_CACHE:-}" ]; then corpus=(--token-cache "$TOKEN_CACHE"); fi # it holds both corpora
if [ ! -f "$out/text_encoder.pt" ]; then
  "$cli" pretrain-text --tokenizer "$out/tokenizer.model" "${corpus[@]}" \
    --out "$out/text_encoder.pt" --steps "${MLM_STEPS:-6000}" --batch 256 --device "$device"
fi
"$cli" train --data "$data" --tokenizer "$out/tokenizer.model" --init-text "$out/text_encoder.pt" "${cache[@]}" \
  --out "$out/model" --device "$device" "$@"
