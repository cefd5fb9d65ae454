#!/usr/bin/env bash
# Start-up and whole-run times of lightind, process start to exit, median of N (issue 16;
# hyperfine is not installed). Each command is run N times after one warm-up, interleaved;
# the loop's own fork and exec are included (the same for every program measured).
# Usage: bash bench/startup.sh [N] [BIN...]   (default: 20 runs of ./build/release/lightind)
#   prints one line per program and command: median, best and worst in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
shift || true
bins=("$@")
[ ${#bins[@]} -eq 0 ] && bins=(./build/release/lightind)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ms BIN ARGS...: one timed run, in milliseconds.
ms() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" > /dev/null 2>&1
  t1=$EPOCHREALTIME
  echo "($t1 - $t0) * 1000" | bc -l
}

stats() { sort -g | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median %8.2f ms  best %8.2f  worst %8.2f  (n=%d)\n", m, a[1], a[NR], NR}'; }

declare -A times
commands=("--version" "run scenarios/dprk-2013.toml -q --threads 1 --force --out $tmp/run" "run scenarios/dprk-2013.toml -q --force --out $tmp/run")
for b in "${bins[@]}"; do for c in "${commands[@]}"; do read -ra args <<< "$c"; "$b" "${args[@]}" > /dev/null 2>&1 || true; done; done
for ((i = 0; i < n; ++i)); do
  for b in "${bins[@]}"; do
    for c in "${commands[@]}"; do
      read -ra args <<< "$c"
      times["$b|$c"]+="$(ms "$b" "${args[@]}") "
    done
  done
done
base=""
for ((i = 0; i < n; ++i)); do base+="$(ms /bin/true) "; done
echo "process start to exit, $n runs each, interleaved; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-96s ' "/bin/true (the loop's own fork and exec, for scale)"
tr ' ' '\n' <<< "$base" | grep . | stats
for b in "${bins[@]}"; do
  for c in "${commands[@]}"; do
    printf '%-40s %-55s ' "$b" "${c/$tmp/TMP}"
    tr ' ' '\n' <<< "${times[$b|$c]}" | grep . | stats
  done
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; commit $(git rev-parse --short HEAD)"
# Each CPU's own speed (virtual machines can differ a lot between CPUs: bench/cpu_speed.sh).
bash bench/cpu_speed.sh 5 "${bins[0]}"
