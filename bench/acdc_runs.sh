#!/usr/bin/env bash
# Trains ACDC example configs one after another, infers the validation volumes with each best checkpoint
# and evaluates them: the runs behind the ACDC tables of docs/benchmarks.md.
#
# Usage: bench/acdc_runs.sh DATA WORK [CONFIG[:SEED]...]
#   DATA    the ACDC folder (images/, labels/, scribbles/, the case lists); only read
#   WORK    where runs go: checkpoints in WORK/model/<config>_s<seed>, the rest in WORK/<config>_s<seed>/
#           (result_m<mode>, train.log, eval_m<mode>.csv); one summary line per evaluation in WORK/runs.log
#   CONFIG  a config file (e.g. examples/acdc/unet2d_scribble_dmsps.cfg); SEED (default 1) goes to
#           training.random_seed. A CONFIG written =CONFIG is not trained again, only inferred and evaluated.
#           With no CONFIG, only the frozen build (below) is made.
# Environment: THREADS (engine threads, OMP_NUM_THREADS, default 2), MODES (KeepLargestComponent_mode values
# to infer with, default "2 3"), JAVA_HEAP (training -Xmx, default 8g), ITER_MAX (overrides
# training.iter_max: ITER_MAX=4 checks that every config starts, trains and infers before the long runs).
#
# The jar and its libraries are copied to WORK/build on first use, so rebuilding the project while runs
# are going does not change what they run (delete WORK/build to take a new build). A run whose model folder
# already holds checkpoints resumes from the newest one (the higher of its latest and best pointers, with
# ckpt_init_mode = 1), so a chain that a session's end killed goes on where it stopped; a run whose pointer
# is at iter_max is not trained again, only inferred and evaluated. Remove the folder to train afresh.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
START="$(pwd)"   # CONFIG paths are relative to it (the loop moves into each config's folder)
if [ $# -lt 2 ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
DATA="$(cd "$1" && pwd)" || exit 2
mkdir -p "$2" || exit 2
WORK="$(cd "$2" && pwd)"
shift 2
export OMP_NUM_THREADS="${THREADS:-2}" MALLOC_ARENA_MAX=2
MODES="${MODES:-2 3}"
if [ ! -f "$WORK/build/pymic.jar" ]; then
  if [ ! -f "$ROOT/pymic-cli/target/pymic.jar" ]; then
    (cd "$ROOT" && mvn -B -q -DskipTests package) || exit 1
  fi
  mkdir -p "$WORK/build" && cp -r "$ROOT/pymic-cli/target/pymic.jar" "$ROOT/pymic-cli/target/lib" "$WORK/build/"
fi
PYMIC=(java -Dai.djl.offline=true -jar "$WORK/build/pymic.jar")
TRAIN=(java "-Xmx${JAVA_HEAP:-8g}" -Dai.djl.offline=true -jar "$WORK/build/pymic.jar")
LOG="$WORK/runs.log"
# ground truth carries _gt in ACDC's file names: evaluate by a pairs list
(echo ground_truth,segmentation; tail -n +2 "$DATA/valid.csv" | tr -d '\r' | while IFS=, read -r img lab; do
  echo "$(basename "$lab"),$(basename "$img")"; done) > "$WORK/pairs.csv"

# one line from an eval CSV: Dice and HD95 per label (mean +- std), the mean Dice, and the volumes with a
# label lost (Dice 0)
summary() {
  awk -F, 'NR == 1 { for (i = 2; i <= NF; i++) col[$i] = i; next }
    $1 == "mean" { for (c in col) mean[c] = $col[c]; next }
    $1 == "std" { for (c in col) sd[c] = $col[c]; next }
    $1 == "excluded" { next }
    { n++; for (l = 1; l <= 3; l++) if (("dice_" l) in col && $col["dice_" l] + 0 == 0) { lost++; break } }
    END { s = 0; line = "";
      for (l = 1; l <= 3; l++) { line = line sprintf(" dice_%d %.3f +- %.3f", l, mean["dice_" l], sd["dice_" l]); s += mean["dice_" l] }
      line = line sprintf(" | mean %.3f |", s / 3);
      for (l = 1; l <= 3; l++) line = line sprintf(" hd95_%d %.2f +- %.2f", l, mean["hd95_" l], sd["hd95_" l]);
      printf "%s | %d of %d volumes lost a structure\n", line, lost + 0, n }' "$1"
}

for spec in "$@"; do
  cfg="${spec%%:*}"
  seed=1
  [ "$cfg" != "$spec" ] && seed="${spec##*:}"
  train=1
  if [ "${cfg:0:1}" = "=" ]; then cfg="${cfg:1}"; train=0; fi
  cfg="$(cd "$START" && cd "$(dirname "$cfg")" && pwd)/$(basename "$cfg")" || exit 1
  run="$(basename "$cfg" .cfg)_s$seed"
  dir="$WORK/$run"
  mkdir -p "$dir"
  cd "$(dirname "$cfg")" || exit 1   # case lists named without a folder are looked up here first
  resume=()
  at=0
  if [ $train = 1 ]; then
    # the newest checkpoint a killed run left: the higher of its latest and best pointers
    for ptr in "$WORK/model/$run/${run}_latest.txt" "$WORK/model/$run/${run}_best.txt"; do
      if [ -f "$ptr" ] && [ "$(cat "$ptr")" -gt $at ]; then
        at=$(cat "$ptr")
        resume=(--set training.ckpt_init_name="${ptr%.txt}.ckpt" --set training.ckpt_init_mode=1)
      fi
    done
    iters="${ITER_MAX:-$(sed -n 's/^[[:space:]]*iter_max[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$cfg" | head -1)}"
    if [ $at -gt 0 ] && [ $at -ge "${iters:-0}" ]; then
      echo "$(date -u +%FT%TZ) $run: trained before (checkpoint of iteration $at), inferring only" >> "$LOG"
      train=0
    fi
  fi
  if [ $train = 1 ]; then
    from=""
    [ $at -gt 0 ] && from=", resuming from iteration $at"
    echo "$(date -u +%FT%TZ) $run: training (OMP_NUM_THREADS=$OMP_NUM_THREADS)$from" >> "$LOG"
    t0=$(date +%s)
    [ $at = 0 ] && : > "$dir/train.log"   # a resume appends to the killed run's log
    "${TRAIN[@]}" train "$cfg" --set dataset.train_dir="$DATA" \
      --set training.random_seed="$seed" --set training.ckpt_dir="$WORK/model/$run" \
      ${ITER_MAX:+--set training.iter_max="$ITER_MAX"} "${resume[@]}" >> "$dir/train.log" 2>&1
    rc=$?
    echo "$(date -u +%FT%TZ) $run: trained, exit $rc, $(( ($(date +%s) - t0) / 60 )) min;" \
      "$(grep -o '[0-9.]\+ ms/it' "$dir/train.log" | tail -1)" >> "$LOG"
    [ $rc = 0 ] || continue
  fi
  for m in $MODES; do
    "${PYMIC[@]}" infer "$cfg" --set dataset.train_dir="$DATA" --set training.ckpt_dir="$WORK/model/$run" \
      --set testing.output_dir="$dir/result_m$m" --set testing.KeepLargestComponent_mode="$m" \
      > "$dir/infer_m$m.log" 2>&1 || { echo "$run mode $m: inference failed, see $dir/infer_m$m.log" >> "$LOG"; continue; }
    "${PYMIC[@]}" eval --metric dice,hd95,assd --label 1,2,3 --gt "$DATA/labels" --seg "$dir/result_m$m" \
      --pairs "$WORK/pairs.csv" --out "$dir/eval_m$m.csv" > "$dir/eval_m$m.txt" 2>&1 \
      || { echo "$run mode $m: evaluation failed, see $dir/eval_m$m.txt" >> "$LOG"; continue; }
    echo "$run mode $m:$(summary "$dir/eval_m$m.csv")" >> "$LOG"
  done
done
