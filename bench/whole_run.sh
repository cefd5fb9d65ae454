#!/usr/bin/env bash
# The whole reference run, process start to exit (median of N, issue 16), with the phase
# table of `lightind run --profile`, the start-up (`--version`) and each writer timed alone.
# Writes bench/results/whole-run-<host>-<date>.txt.
# Usage: bash bench/whole_run.sh [N]   (after `make build`; default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
bin=${LIGHTIND:-./build/release/lightind}
host=$(hostname -s 2>/dev/null || echo machine)
stamp=$(date +%Y-%m-%d)
mkdir -p bench/results
out="bench/results/whole-run-${host}-${stamp}.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "lightind: the reference run (scenarios/dprk-2013.toml, default scale), process start to exit"
  bash bench/startup.sh "$n" "$bin"
  echo
  echo "one run with --profile, 1 thread:"
  "$bin" run scenarios/dprk-2013.toml -q --threads 1 --force --out "$tmp/profile" --profile
  echo
  if [ -x ./build/release/bench/lightind_bench_writers ]; then
    echo "each writer alone on the reference run:"
    ./build/release/bench/lightind_bench_writers --reps "$n"
  fi
} | tee "$out"
echo "wrote $out"
