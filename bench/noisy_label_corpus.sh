#!/usr/bin/env bash
# Trains every noisy-label config of PyMIC_examples (seg_noisy_label/JSRT) for 20 iterations, unchanged
# but for its data paths and iter_max, on synthetic 2D data made by `pymic synth --binary 255` (0/255
# masks of 256 x 256 as JSRT's) with labels corrupted by `pymic simulate noise --preset jsrt`.
# CL-SLSR runs in its two stages: the CE model's confident learning (`pymic clslsr`), then SLSRLoss.
# Usage: bench/noisy_label_corpus.sh [WORK_DIR]   (prints one line per step: name, exit code, seconds)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-/tmp/pymic-noisy-corpus}"
P="$ROOT/pymic"
C="$ROOT/pymic-cli/src/test/resources/pymic-examples/seg_noisy_label/JSRT/config"
D="$W/d"
mkdir -p "$W"
if [ ! -f "$D/train_mix.csv" ]; then
  "$P" synth --out "$D" --cases 16 --size 256 --dim 2 --binary 255 >/dev/null
  "$P" simulate noise --preset jsrt --list "$D/train.csv" --out "$D/label_noise" --fraction 0.9 --seed 1 \
    > "$W/simulate.log"
fi
run() { # name, then the command
  local name="$1"; shift
  local t0; t0=$(date +%s)
  "$@" > "$W/$name.log" 2>&1
  echo "$name exit $? $(( $(date +%s) - t0 )) s"
}
common() { # config, train csv
  echo --set dataset.train_dir="$D" --set dataset.train_csv="$2" --set dataset.train_csv_noise="$D/train_noise.csv" \
    --set dataset.valid_csv="$D/valid.csv" --set dataset.test_csv="$D/test.csv" --set training.iter_max=20 --set training.iter_valid=20 \
    --set training.ckpt_dir="$W/model/$(basename "$1" .cfg)" --set training.ckpt_save_dir="$W/model/$(basename "$1" .cfg)"
}
for cfg in "$C"/unet_*.cfg; do
  name="$(basename "$cfg" .cfg)"
  [ "$name" = unet_clslsr ] && continue
  csv="$D/train_mix.csv"; [ "$name" = unet_dast ] && csv="$D/train_clean.csv"
  run "$name" "$P" train "$cfg" $(common "$cfg" "$csv")
done
# CL-SLSR: confident learning with the CE model on the mixed list, then SLSRLoss on its pixel weights
run clslsr_confidence "$P" clslsr "$C/unet_ce.cfg" $(common "$C/unet_ce.cfg" "$D/train_mix.csv") \
  --set testing.ckpt_dir="$W/model/unet_ce" --out "$D/slsr_conf"
run unet_clslsr "$P" train "$C/unet_clslsr.cfg" $(common "$C/unet_clslsr.cfg" "$D/train_mix_clslsr.csv")
