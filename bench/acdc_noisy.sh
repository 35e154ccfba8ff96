#!/usr/bin/env bash
# The noisy-label ACDC benchmark (examples/acdc_noisy, docs/benchmarks.md): makes a data folder whose
# training labels are 95% corrupted, then trains, infers and evaluates each config with bench/acdc_runs.sh.
#
# Usage: bench/acdc_noisy.sh DATA WORK [CONFIG[:SEED]...]
#   DATA    the ACDC folder (images/, labels/, train.csv, valid.csv); only read
#   WORK    where everything goes. WORK/data links DATA's images, labels and lists and holds what the
#           benchmark adds: label_noise/ and train_{clean,noise,mix}.csv (`pymic simulate noise --preset
#           acdc --fraction 0.95`, seed NOISE_SEED, default 1; made once, its per-case Dice in WORK/noise.txt)
#           and CL-SLSR's slsr_conf/ and train_mix_clslsr.csv. Runs, checkpoints and runs.log as in
#           acdc_runs.sh; evaluation is against the clean labels of the validation volumes.
#   CONFIG  as in acdc_runs.sh. A CL-SLSR config (its name contains "clslsr") first needs the confident-
#           learning stage: `pymic clslsr` with the seed-1 model of unet2d_noisy_ce.cfg (trained here first
#           when WORK has none), once; every CL-SLSR seed trains on that one flagged list, as in PyMIC.
# Environment: as acdc_runs.sh (THREADS, MODES, JAVA_HEAP, ITER_MAX), and NOISE_SEED.
set -u
BENCH="$(cd "$(dirname "$0")" && pwd)"
if [ $# -lt 2 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
SRC="$(cd "$1" && pwd)" || exit 2
mkdir -p "$2/data" || exit 2
WORK="$(cd "$2" && pwd)"
D="$WORK/data"
shift 2
"$BENCH/acdc_runs.sh" "$SRC" "$WORK" || exit 1   # no config: freezes the build only
PYMIC=(java -Dai.djl.offline=true -jar "$WORK/build/pymic.jar")
for f in images labels train.csv valid.csv; do
  [ -e "$D/$f" ] || ln -s "$SRC/$f" "$D/$f" || exit 1
done
if [ ! -f "$D/train_mix.csv" ]; then
  "${PYMIC[@]}" simulate noise --preset acdc --list "$D/train.csv" --out "$D/label_noise" --fraction 0.95 \
    --seed "${NOISE_SEED:-1}" > "$WORK/noise.txt" 2>&1 || { cat "$WORK/noise.txt"; exit 1; }
  echo "$(date -u +%FT%TZ) noisy labels made (seed ${NOISE_SEED:-1}): $(grep "cases corrupted" "$WORK/noise.txt")" >> "$WORK/runs.log"
fi
CE="$BENCH/../examples/acdc_noisy/unet2d_noisy_ce.cfg"
for spec in "$@"; do
  case "$(basename "${spec%%:*}")" in
    *clslsr*)
      if [ ! -f "$D/train_mix_clslsr.csv" ]; then
        ls "$WORK/model/unet2d_noisy_ce_s1/"*best* > /dev/null 2>&1 || "$BENCH/acdc_runs.sh" "$D" "$WORK" "$CE" || exit 1
        "${PYMIC[@]}" clslsr "$CE" --set dataset.train_dir="$D" --set training.ckpt_dir="$WORK/model/unet2d_noisy_ce_s1" \
          > "$WORK/clslsr.txt" 2>&1 || { echo "clslsr failed, see $WORK/clslsr.txt" >> "$WORK/runs.log"; continue; }
        echo "$(date -u +%FT%TZ) CL stage (seed-1 CE model): $(grep "confident learning on" "$WORK/clslsr.txt")" >> "$WORK/runs.log"
      fi ;;
  esac
  "$BENCH/acdc_runs.sh" "$D" "$WORK" "$spec"
done
