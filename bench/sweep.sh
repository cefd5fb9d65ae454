#!/usr/bin/env bash
# Sweep throughput (issue 5): runs per second of `lightind sweep` on the reference scenario
# at 1 and 2 threads (one process) and at 1 and 2 MPI ranks (one thread each), each on a
# fresh database, with the speed-ups measured in the same session. Writes
# bench/results/sweep-<host>-<date>.txt.
# Usage: bash bench/sweep.sh [RUNS] [REPEATS]   (after `make build`; defaults 24 runs, 3 repeats)
#   LIGHTIND=PATH measures another build (e.g. the previous main); LABEL=NAME is added to the
#   file name (sweep-<host>-<date>-NAME.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-24}
repeats=${2:-3}
bin=${LIGHTIND:-./build/release/lightind}
source bench/lib.sh
bench_setup sweep "${LABEL:-}"
have_mpi=0
command -v mpirun > /dev/null && have_mpi=1

# One sweep; prints "SWEEP_S WALL_S RUNS_SUMMED_S WRITES_S CPU_S". The sweep's own time (from its summary
# line: runs and database writes) excludes loading, MPI start-up and bands; the wall time
# includes everything.
one() {
  local kind=$1 n=$2 dir
  dir=$(mktemp -d "$tmp/run.XXXX")
  local args=(sweep scenarios/dprk-2013.toml --runs "$runs" --seed 1 --out "$dir")
  local t0 t1 line cpu TIMEFORMAT='%U %S'
  t0=$(date +%s.%N)
  if [ "$kind" = threads ]; then
    { time "$bin" "${args[@]}" --threads "$n" > "$dir.out" 2>/dev/null; } 2> "$dir.cpu"
  else
    { time mpirun --oversubscribe -n "$n" "$bin" "${args[@]}" --threads 1 > "$dir.out" 2>/dev/null; } 2> "$dir.cpu"
  fi
  t1=$(date +%s.%N)
  line=$(grep '^sweep of' "$dir.out")
  cpu=$(awk '{print $1 + $2}' "$dir.cpu")
  local s run write
  s=$(sed -E 's/.*; ([0-9.]+) s, .*/\1/' <<< "$line")
  run=$(sed -E 's/.*\(runs ([0-9.]+) s summed.*/\1/' <<< "$line")
  write=$(sed -E 's/.*database writes ([0-9.]+) s\).*/\1/' <<< "$line")
  echo "$s $(echo "$t1 - $t0" | bc -l) $run $write $cpu"
  rm -rf "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# What the machine gives at the moment: two independent single runs one after the other and
# side by side. Their ratio bounds any speed-up measured in the same minutes.
capacity() {
  local t0 t1 t2
  t0=$(date +%s.%N)
  for i in 1 2; do "$bin" run scenarios/dprk-2013.toml -q --threads 1 --out "$tmp/cap$i"; done
  t1=$(date +%s.%N)
  "$bin" run scenarios/dprk-2013.toml -q --threads 1 --out "$tmp/cap3" &
  "$bin" run scenarios/dprk-2013.toml -q --threads 1 --out "$tmp/cap4"
  wait
  t2=$(date +%s.%N)
  echo "$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)"
}

declare -A sweep_s wall_s run_s write_s cpu_s
caps=""
configs=("threads 1" "threads 2")
[ $have_mpi = 1 ] && configs+=("mpi 1" "mpi 2")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < repeats; r++)); do
  cap=$(capacity)
  caps+="$cap "
  echo "repeat $((r + 1)): two processes side by side ran $cap x as fast as one after the other" >&2
  for c in "${configs[@]}"; do
    read -r s w ru wr cp < <(one $c)
    cpu_s[$c]+="$cp "
    sweep_s[$c]+="$s "
    wall_s[$c]+="$w "
    run_s[$c]+="$ru "
    write_s[$c]+="$wr "
    echo "repeat $((r + 1)) $c: sweep ${s} s, wall ${w} s, runs ${ru} s summed, writes ${wr} s, CPU ${cp} s" >&2
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "lightind sweep throughput: scenarios/dprk-2013.toml at its default scale (1:1000, 168 months),"
  echo "${runs} runs per sweep (one setting x ${runs} seeds), fresh database each time; median of ${repeats} repeats,"
  echo "configurations interleaved. 'sweep s' is the sweep's own time (runs + SQLite writes, from its summary"
  echo "line); 'wall s' is the whole command (loading, MPI start-up, bands.csv included)."
  echo
  printf '%-12s %9s %9s %9s %9s %9s %9s %11s %9s %11s\n' config "sweep s" "runs/s" "speed-up" "paired" "wall s" \
    "runs/s" "run s/run" "write s" "CPU s/run"
  for c in "${configs[@]}"; do
    s=$(tr ' ' '\n' <<< "${sweep_s[$c]}" | grep . | median)
    w=$(tr ' ' '\n' <<< "${wall_s[$c]}" | grep . | median)
    ru=$(tr ' ' '\n' <<< "${run_s[$c]}" | grep . | median)
    wr=$(tr ' ' '\n' <<< "${write_s[$c]}" | grep . | median)
    cp=$(tr ' ' '\n' <<< "${cpu_s[$c]}" | grep . | median)
    base_kind=${c%% *}
    b=$(tr ' ' '\n' <<< "${sweep_s[$base_kind 1]}" | grep . | median)
    # The same ratio repeat by repeat (each repeat runs its configurations one after the other,
    # minutes apart at most), then its median: the machine's drift between repeats cancels.
    paired=$(paste -d' ' <(tr ' ' '\n' <<< "${sweep_s[$base_kind 1]}" | grep .) <(tr ' ' '\n' <<< "${sweep_s[$c]}" | grep .) |
      awk '{print $1 / $2}' | median)
    printf '%-12s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %11.3f %9.2f %11.3f\n' "$c" "$s" "$(echo "$runs / $s" | bc -l)" \
      "$(echo "$b / $s" | bc -l)" "$paired" "$w" "$(echo "$runs / $w" | bc -l)" "$(echo "$ru / $runs" | bc -l)" "$wr" \
      "$(echo "$cp / $runs" | bc -l)"
  done
  echo
  echo "speed-up: against 1 thread (threads rows) or 1 rank (mpi rows), ratio of the medians; paired: the"
  echo "median of the same ratio taken within each repeat (the machine's drift between repeats cancels);"
  echo "goal >= 1.8 on 2 cores."
  echo "run s/run: each run's own time (RunResult::wall_seconds) averaged; write s: all database writes"
  echo "(serial, by the one writer) of the sweep; CPU s/run: user + system CPU time of the whole command"
  echo "(all ranks) per run. Equal CPU per run at 1 and 2 workers means the parallel sweep does no extra"
  echo "work, so on 2 idle cores its speed-up is bounded only by the serial writes."
  echo "machine capacity in the same minutes: two independent 'lightind run' processes side by side ran"
  echo "$(tr ' ' '\n' <<< "$caps" | grep . | median | xargs printf '%.2f') x as fast as one after the other (median; per repeat: $(xargs printf '%.2f ' <<< "$caps"))."
  echo "load average before: ${load_before}; after: ${load_after} (other work on the machine slows and scatters these figures)"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "program: $bin ($("$bin" --version))"
} | tee "$out"
echo "wrote $out"
