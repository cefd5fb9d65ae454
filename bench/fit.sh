#!/usr/bin/env bash
# Fit throughput (issue 13): candidate evaluations per second of `lightind fit` on the
# reference scenario (scenarios/dprk-2013.toml, its free parameters and the 2012-2019 data),
# at 1 and 2 threads (one process) and with 2 MPI ranks (one thread each; the ranks share the
# global stage, rank 0 runs BOBYQA alone), each on a fresh database. An evaluation is SEEDS
# runs of 2012-2019. Writes bench/results/fit-<host>-<date>.txt.
# Usage: bash bench/fit.sh [BUDGET] [SEEDS]   (after `make build`; defaults 24 evaluations, 4 seeds)
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-24}
seeds=${2:-4}
bin=./build/release/lightind
source bench/lib.sh
bench_setup fit
args=(fit scenarios/dprk-2013.toml --data scenarios/data/dprk-2012-2019.toml --budget "$budget" --seeds "$seeds")

# One fit; prints "EVALUATIONS_RUN SECONDS" from its summary line
# ("fit of NAME: N evaluations (K read from DB), S seeds each, T s, ...").
one() {
  local kind=$1 n=$2 dir line ev db s
  dir=$(mktemp -d "$tmp/fit.XXXX")
  if [ "$kind" = threads ]; then
    "$bin" "${args[@]}" --threads "$n" --out "$dir/out" > "$dir.log" 2>/dev/null
  else
    mpirun --oversubscribe -n "$n" "$bin" "${args[@]}" --threads 1 --out "$dir/out" > "$dir.log" 2>/dev/null
  fi
  line=$(grep '^fit of' "$dir.log")
  ev=$(sed -E 's/.*: ([0-9]+) evaluations.*/\1/' <<< "$line")
  db=$(sed -E 's/.*\(([0-9]+) read from.*/\1/' <<< "$line")
  s=$(sed -E 's/.* ([0-9.]+) s, [0-9]+ rank.*/\1/' <<< "$line")
  echo "$((ev - db)) $s"
}

{
  echo "# lightind fit throughput, $(date -u +%Y-%m-%dT%H:%M:%SZ), $host, $(nproc) cores"
  echo "# $(${bin} --version)"
  echo "# ${args[*]}"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine slow every figure)"
  echo "# configuration, evaluations run, seconds, evaluations per second, runs per second"
  for cfg in "threads 1" "threads 2" "mpi 2"; do
    read -r kind n <<< "$cfg"
    if [ "$kind" = mpi ] && ! command -v mpirun > /dev/null; then echo "mpi-2 ranks: no mpirun"; continue; fi
    read -r ev s < <(one "$kind" "$n")
    printf '%s-%s %s %s %.3f %.3f\n' "$kind" "$n" "$ev" "$s" "$(echo "$ev / $s" | bc -l)" \
      "$(echo "$ev * $seeds / $s" | bc -l)"
  done
} | tee "$out"
echo "wrote $out"
