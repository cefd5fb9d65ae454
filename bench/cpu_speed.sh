#!/usr/bin/env bash
# The speed of each CPU of this machine on the reference run (1 thread, pinned with taskset),
# median of N runs per CPU, interleaved. Virtual machines can give their CPUs very different
# speeds (on the 2-core VM of 2026-12-06 the run took about 250 ms on CPU 0 and 160 ms on
# CPU 1, and a plain Python loop 1.5x longer on CPU 0), which makes an unpinned timing
# bimodal: read every other figure of bench/ with this line beside it.
# Usage: bash bench/cpu_speed.sh [N] [BIN]   (after `make build`; default 7 runs per CPU)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-7}
bin=${2:-./build/release/lightind}
command -v taskset > /dev/null || { echo "cpu speeds: taskset is missing (util-linux); not measured"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpus=$(taskset -pc $$ | sed 's/.*: //' | tr ',' '\n' | while IFS=- read -r a b; do seq "$a" "${b:-$a}"; done)
declare -A t
for ((i = 0; i < n; ++i)); do
  for c in $cpus; do
    t0=$EPOCHREALTIME
    taskset -c "$c" "$bin" run scenarios/dprk-2013.toml -q --threads 1 --force --out "$tmp/run" > /dev/null 2>&1
    t1=$EPOCHREALTIME
    t[$c]+="$(echo "($t1 - $t0) * 1000" | bc -l) "
  done
done
line="cpu speeds (reference run, 1 thread, pinned, median of $n):"
for c in $cpus; do
  m=$(tr ' ' '\n' <<< "${t[$c]}" | grep . | sort -g | awk '{a[NR]=$1} END {printf "%.1f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  line+=" cpu $c ${m} ms;"
done
echo "${line%;}"
