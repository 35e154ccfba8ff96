#!/usr/bin/env bash
# Kill anywhere, the long form: KillAnywhereTest with 24 SIGKILLs (8 at random moments, 8 during a
# checkpoint write, 8 during validation), each followed by a resume; the final weights, optimiser state,
# metrics and checkpoint folder must equal an uninterrupted run's. CI runs the same test with 3 kills.
# The run's iter_max grows with POINTS (24 for 3 kills, 104 for 24), so the run cannot end before the last kill.
# Usage: bench/kill_anywhere.sh [POINTS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 19 mvn -B -q test -pl pymic-cli -am -Dtest=KillAnywhereTest -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.redirectTestOutputToFile=true \
  -Dpymic.killPoints="${1:-24}" -Dpymic.killSeed="${2:-11}"
grep -A "${1:-24}" "KillAnywhereTest:" pymic-cli/target/surefire-reports/org.pymic.cli.KillAnywhereTest-output.txt
