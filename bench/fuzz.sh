#!/usr/bin/env bash
# Fuzz every reader of outside bytes with Jazzer, one target after another (Jazzer fuzzes one target per
# JVM), each for SECONDS (libFuzzer -max_total_time, the pom's fuzz.seconds), and print per target what
# libFuzzer reports: executions, executions per second, inputs added to the corpus, and whether it found
# anything. A finding fails that target's test and is written by Jazzer as crash-<sha1> into the target's
# src/test/resources/<package>/<Class>Inputs/<method>/ folder, where CI replays it from then on.
# Logs: target/fuzz/<target>.log. Generated corpora: .cifuzz-corpus/ in each module (ignored by git).
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]    (TARGET as listed below, e.g. nifti; default all)
#        FUZZ_RUNS=1000000 bench/fuzz.sh 7200 nifti   (also stop each target after that many executions)
#        FUZZ_NICE=0 ...   (the niceness the runs get; default 19, which starves them beside other work)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=(
  "nifti pymic-io NiftiReaderFuzzTest#nifti"
  "metaImage pymic-io MetaImageFuzzTest#metaImage"
  "png pymic-io RasterImagesFuzzTest#png"
  "jpeg pymic-io RasterImagesFuzzTest#jpeg"
  "bmp pymic-io RasterImagesFuzzTest#bmp"
  "h5 pymic-io H5CaseFuzzTest#h5"
  "caseList pymic-io CaseListFuzzTest#caseList"
  "ini pymic-core ConfigReaderFuzzTest#ini"
  "json pymic-core ConfigReaderFuzzTest#json"
  "checkpoint pymic-train CheckpointFuzzTest#checkpoint"
  "meta pymic-train CheckpointFuzzTest#meta"
  "params pymic-train CheckpointFuzzTest#params"
)
mkdir -p target/fuzz
printf '%-11s %10s %8s %7s %6s  %s\n' target executions seconds exec/s added result
for t in "${targets[@]}"; do
  read -r name module test <<<"$t"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then
    continue
  fi
  log="target/fuzz/$name.log"
  nice -n "${FUZZ_NICE:-19}" mvn -B test -Pfuzz -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfuzz.seconds="$seconds" -Dfuzz.runs="${FUZZ_RUNS:--1}" >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\2/' <<<"$done_line")
  rate=$(grep -E '^stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')
  added=$(grep -E '^stat::new_units_added' "$log" | tail -1 | awk '{print $2}')
  if [ "$rc" -eq 0 ]; then result="nothing found"; else result="FAILED (finding or build error, see $log)"; fi
  printf '%-11s %10s %8s %7s %6s  %s\n' "$name" "${runs:--}" "${secs:--}" "${rate:--}" "${added:--}" "$result"
done
