#!/usr/bin/env bash
# Runs the benchmarks and keeps this machine's figures in bench/results/<host>-<date>.{json,txt}.
# Usage: bash bench/run.sh   (after `make build`; `make bench` does both)
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(hostname -s 2>/dev/null || echo machine)
stamp=$(date +%Y-%m-%d)
mkdir -p bench/results
out="bench/results/${host}-${stamp}"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
# The whole reference run, process start to exit (median of 20), with its phase table, the
# start-up and each writer alone (issue 16).
bash bench/whole_run.sh 20
./build/release/bench/lightind_bench --benchmark_out="${out}.json" --benchmark_out_format=json \
  --benchmark_min_time=1 | tee "${out}.txt"
{
  echo "machine: ${cpu}, $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "commit: $(git rev-parse --short HEAD)"
} >> "${out}.txt"
echo "wrote ${out}.txt and ${out}.json"
# Leontief solves at N = 10^3 .. 10^7 (issue 4), beside a streaming pass over the same matrix.
./build/release/bench/lightind_bench_leontief --out "bench/results/leontief-${host}-${stamp}.txt"
# The engine at 1:1 national scale beside a streaming pass over its agent arrays, and the
# reference whole run at default scale (issue 5).
./build/release/bench/lightind_bench_scale --scale 1 --months 12 --runs 20 --out "bench/results/scale-${host}-${stamp}.txt"
# Sweep throughput at 1 and 2 threads and 1 and 2 MPI ranks (issue 5).
bash bench/sweep.sh
# Plan LPs at N = 10^3 .. 10^6 (issue 4): CLP (dual simplex, barrier), PDLP and GLPK on the same
# synthetic plan LPs, with time limits (bench/plan_bench.sh; about 30 minutes).
bash bench/plan_bench.sh --out "bench/results/plan-${host}-${stamp}.txt"
