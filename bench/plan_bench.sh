#!/usr/bin/env bash
# Plan LPs at product-level scale (issue 4, "Scale"): CLP (dual simplex and barrier), the
# scalable planner (PDLP) and GLPK on the same synthetic plan LP at each N (K = 15, seed 1),
# each a separate run of `lightind plan-synthetic` under /usr/bin/time -v (peak memory = the
# largest max RSS of the run, glpsol included) with a time limit per solver. Prints a table and
# keeps it, with the commands and the machine's load, in bench/results/plan-<host>-<date>.txt.
#
# Usage: bash bench/plan_bench.sh [--out FILE] [--limit S] [--pdlp-limit S] [--skip-exact-above N]
#                                 [--solvers "clp clp-barrier pdlp glpk"] [N ...]
#   --limit S              time limit of CLP and GLPK (default 120 s)
#   --pdlp-limit S         time limit of PDLP (default 600 s)
#   --skip-exact-above N   do not run CLP or GLPK above N products (default 100000; they did
#                          not finish within the limit at 10^5)
#   --solvers LIST         which solvers to run (default all four)
#   N ...                  sizes (default 1000 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=./build/release/lightind
[ -x "$BIN" ] || { echo "build first: cmake --build --preset release --target lightind_cli" >&2; exit 1; }
host=$(hostname -s 2>/dev/null || echo machine)
out="bench/results/plan-${host}-$(date +%Y-%m-%d).txt"
limit=120
pdlp_limit=600
skip_above=100000
solvers="clp clp-barrier pdlp glpk"
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --pdlp-limit) pdlp_limit="$2"; shift 2 ;;
    --skip-exact-above) skip_above="$2"; shift 2 ;;
    --solvers) solvers="$2"; shift 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

field() { sed -n "s/^$1: //p" "$2" | head -1; }
rows=()
cmds=()
for n in "${sizes[@]}"; do
  ref=""
  declare -A obj=()
  for m in $solvers; do
    lim=$limit
    [ "$m" = pdlp ] && lim=$pdlp_limit
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$m" != pdlp ] && [ "$n" -gt "$skip_above" ]; then
      rows+=("$(printf '%9s %-12s %-34s %9s %9s %8s %9s %18s %9s %6s' "$n" "$m" "skipped (hopeless above ${skip_above})" - - - - - - "$load")")
      continue
    fi
    cmd="$BIN plan-synthetic --products $n --inputs-per-product 15 --seed 1 --method $m --time-limit $lim"
    cmds+=("$cmd")
    log="$tmp/$n-$m.log"
    tv="$tmp/$n-$m.time"
    set +e
    /usr/bin/time -v -o "$tv" timeout --signal=KILL $((lim + 120)) $cmd > "$log" 2>&1
    rc=$?
    set -e
    status=$(field status "$log")
    [ -n "$status" ] || status="killed at $((lim + 120)) s (rc $rc)"
    if grep -q "time limit" <<< "$status"; then status="did not finish within ${lim} s"; fi
    secs=$(field "solve seconds" "$log")
    its=$(field iterations "$log")
    o=$(field objective "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv")
    rss_mb=$(awk -v k="${rss:-0}" 'BEGIN{printf "%.0f", k/1024}')
    [ "$rc" -eq 137 ] && rss_mb="-"  # killed: time -v saw only the timeout process
    [ "$status" = optimal ] && obj[$m]=$o
    if [ "$status" != optimal ]; then o="-"; fi
    rows+=("$(printf '%9s %-12s %-34s %9s %9s %8s %9s %18s %9s %6s' "$n" "$m" "$status" "${secs:--}" "${wall:--}" "$rss_mb" "${its:--}" "$o" "@REF@" "$load")")
    echo "${rows[-1]}" >&2
  done
  # Reference objective: CLP's (dual or barrier), else GLPK's.
  for m in clp clp-barrier glpk; do
    if [ -n "${obj[$m]:-}" ]; then ref=${obj[$m]}; break; fi
  done
  for i in "${!rows[@]}"; do
    r=${rows[$i]}
    [[ "$r" == *"@REF@"* ]] || continue
    o=$(awk '{print $0}' <<< "$r" | awk '{for(i=1;i<=NF;i++) if ($i=="@REF@") print $(i-1)}')
    if [ -n "$ref" ] && [ "$o" != "-" ]; then
      d=$(awk -v a="$o" -v b="$ref" 'BEGIN{printf "%+.4f%%", 100*(a-b)/(b<0?-b:b)}')
    else
      d="-"
    fi
    rows[$i]=${r/@REF@/$(printf '%9s' "$d")}
  done
  unset obj
done

{
  echo "Plan LPs of synthetic economies (lightind plan-synthetic, K = 15, seed 1): the same LP per N"
  echo "(N balance rows + 1 labour row, 2N columns) solved by CLP dual simplex (clp), CLP barrier with"
  echo "crossover (clp-barrier), the scalable planner (pdlp, tolerance 1e-4 relative gap and residuals)"
  echo "and GLPK (glpsol --freemps on the LP's MPS); each in its own process."
  echo "solve s: the solver's own wall time (GLPK: glpsol's whole run, MPS reading included);"
  echo "run: wall time of the whole command (generation, Leontief x(d), MPS writing for GLPK);"
  echo "RSS MB: peak resident memory of the command (glpsol's included, /usr/bin/time -v);"
  echo "vs ref: objective against CLP's optimum (else GLPK's); load: 1-minute load average at the start."
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include || echo ' (with local changes)')"
  echo "time limits: CLP and GLPK ${limit} s, PDLP ${pdlp_limit} s; CLP and GLPK skipped above ${skip_above} products"
  echo
  printf '%9s %-12s %-34s %9s %9s %8s %9s %18s %9s %6s\n' N solver status "solve s" run "RSS MB" iters objective "vs ref" load
  printf '%.0s-' {1..136}; echo
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  echo "commands:"
  for c in "${cmds[@]}"; do echo "  $c"; done
} | tee "$out"
echo "wrote $out" >&2
