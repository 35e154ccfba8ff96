#!/usr/bin/env bash
# `pymic bench train --memory` for every training method, on synthetic ACDC-shaped volumes (10 slices of
# 256x256, the configs of examples/acdc and examples/acdc_noisy: UNet2D 16..256, 2x128x128 crops of 4
# volumes). CoTeaching and TriNet take the baseline config and --set their section (the noisy-label configs
# read lists that `pymic simulate noise` makes; here the synthetic noisy labels stand in).
# Prints a table: resident memory at the first and last report, and the peak of the process
# (/usr/bin/time -v; the run ends with one validation of the 4 validation cases).
# Usage: bench/memory_per_method.sh [ITERS] [METHOD...]    (default 20 iterations, every method; nice 10,
#        OMP_NUM_THREADS=1 unless set; METHOD as in the table's first column, e.g. UAMT GatedCRF)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
P="$ROOT/pymic"
E="$ROOT/examples/acdc"
N="$ROOT/examples/acdc_noisy"
ITERS="${1:-20}"
shift || true
ONLY=" $* "
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
"$P" synth --out "$W/data" --dim 3 --size 256 --slices 10 --cases 40 >/dev/null
D=(--set "dataset.train_dir=$W/data")
# BCP fine-tunes a fully supervised checkpoint: two iterations of the baseline make one
"$P" train "$E/unet2d_r10_baseline.cfg" "${D[@]}" --set training.iter_max=2 --set training.iter_valid=2 \
  --set "training.ckpt_dir=$W/base" >"$W/base.log" 2>&1 || { tail -5 "$W/base.log" >&2; exit 1; }
NOISY=(--set dataset.supervise_type=noisy_label --set dataset.train_csv=train_noisy.csv)
echo "| method | config | rss first (MB) | rss last (MB) | last / first | peak rss (MB) | ms per iteration |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
one() { # method config [--set ...]
  local m="$1" cfg="$2"; shift 2
  if [ "$ONLY" != "  " ] && [[ "$ONLY" != *" ${m%% *} "* ]]; then
    return
  fi
  /usr/bin/time -v -o "$W/$m.time" nice -n 10 "$P" bench train "$E/$cfg" --iters "$ITERS" --warmup 2 \
    --memory $(( (ITERS + 2) / 4 )) "${D[@]}" "$@" \
    >"$W/$m.out" 2>"$W/$m.err" || { echo "| $m | $cfg | failed: $(tail -1 "$W/$m.err") |"; return; }
  local peak ms
  peak=$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$W/$m.time")
  ms=$(sed -n 's/^train iteration (median[^:]*): \([0-9.]*\) ms.*/\1/p' "$W/$m.out")
  sed -n 's/^memory: rss \([0-9.]*\) MB at iteration [0-9]*, \([0-9.]*\) MB at iteration [0-9]*, ratio \([0-9.]*\)$/\1 \2 \3/p' \
    "$W/$m.out" | awk -v m="$m" -v c="$cfg" -v p="$peak" -v t="$ms" \
    '{printf "| %s | %s | %.0f | %.0f | %.3f | %s | %s |\n", m, c, $1, $2, $3, p, t}'
}
one FullySupervised unet2d_r10_baseline.cfg
one EntropyMinimization unet2d_r10_em.cfg
one MeanTeacher unet2d_r10_mt.cfg
one UAMT unet2d_r10_uamt.cfg
one CPS unet2d_r10_cps.cfg
one URPC unet2d_r10_urpc.cfg
one CCT unet2d_r10_cct.cfg
one MCNet unet2d_r10_mcnet.cfg
one BCP unet2d_r10_bcp.cfg --set "training.ckpt_init_name=$W/base/base_2.ckpt"
one UniMatch unet2d_r10_unimatch.cfg
one "FullySupervised (partial CE)" unet2d_scribble_pce.cfg
one WSLEntropyMinimization unet2d_scribble_em.cfg
one TotalVariation unet2d_scribble_tv.cfg
one GatedCRF unet2d_scribble_gcrf.cfg
one MumfordShah unet2d_scribble_mumford.cfg
one USTM unet2d_scribble_ustm.cfg
one DMPLS unet2d_scribble_dmpls.cfg
one DMSPS unet2d_scribble_dmsps.cfg
one CoTeaching unet2d_r10_baseline.cfg "${NOISY[@]}" --set noisy_label_learning.method_name=CoTeaching \
  --set noisy_label_learning.co_teaching_select_ratio=0.8 --set noisy_label_learning.rampup_end=10
one TriNet unet2d_r10_baseline.cfg "${NOISY[@]}" --set noisy_label_learning.method_name=TriNet \
  --set noisy_label_learning.trinet_select_ratio=0.8 --set noisy_label_learning.rampup_end=10
E="$N" one DAST unet2d_noisy_dast.cfg --set dataset.train_csv=train_r10_lab.csv --set dataset.train_csv_noise=train_noisy.csv
