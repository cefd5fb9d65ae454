#!/usr/bin/env bash
# PDLP's two iteration schemes (docs/PLANNER.md, "Two iteration schemes"): the averaged scheme
# (the default) and restarted Halpern PDHG on the same synthetic plan LPs (K = 15, seed 1), at
# each tolerance, one `lightind plan-synthetic` run each, one after the other. For each run:
# iterations, solve seconds, the objective, its distance from CLP's optimum (where CLP is run)
# or from the smallest dual bound found (a valid bound: every column of the reduced LP is boxed,
# so any dual point gives one), and the relative residual value. Prints the table and keeps it,
# with the commands and the load, in bench/results/plan-schemes-<host>-<date>.txt. Not CI.
#
# Usage: bash bench/plan_schemes.sh [--out FILE] [--limit S] [--tolerances "1e-4 1e-5 1e-6"]
#                                   [--clp-up-to N] [N ...]
#   --limit S        time limit of each PDLP run (default 300 s)
#   --tolerances     the tolerances (default 1e-4 1e-5 1e-6)
#   --clp-up-to N    run CLP's dual simplex for the optimum up to N products (default 10000)
#   N ...            sizes (default 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=./build/release/lightind
[ -x "$BIN" ] || { echo "build first: cmake --build --preset release --target lightind_cli" >&2; exit 1; }
host=$(hostname -s 2>/dev/null || echo machine)
out="bench/results/plan-schemes-${host}-$(date +%Y-%m-%d).txt"
limit=300
tolerances="1e-4 1e-5 1e-6"
clp_up_to=10000
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --tolerances) tolerances="$2"; shift 2 ;;
    --clp-up-to) clp_up_to="$2"; shift 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
field() { sed -n "s/^$1: //p" "$2" | head -1; }

{
  echo "# PDLP's iteration schemes on synthetic plan LPs (K = 15, seed 1), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), $(nproc) cores"
  echo "# error: (objective - reference) / reference; reference = CLP's optimum where run, else the"
  echo "# smallest dual bound of the runs below (a valid upper bound on the maximum, so the error is"
  echo "# an upper bound on the true overshoot when positive)."
} > "$tmp/head"
: > "$tmp/rows"
: > "$tmp/cmds"
for n in "${sizes[@]}"; do
  ref=""
  refname=""
  if [ "$n" -le "$clp_up_to" ]; then
    cmd="$BIN plan-synthetic --products $n --inputs-per-product 15 --seed 1 --method clp"
    echo "$cmd" >> "$tmp/cmds"
    echo "running: $cmd" >&2
    $cmd > "$tmp/clp.log" 2>&1 || true
    ref=$(field objective "$tmp/clp.log")
    refname="CLP $(field 'solve seconds' "$tmp/clp.log") s"
  fi
  best_bound=""
  for tol in $tolerances; do
    for scheme in averaged halpern; do
      cmd="$BIN plan-synthetic --products $n --inputs-per-product 15 --seed 1 --method pdlp --scheme $scheme --tolerance $tol --time-limit $limit"
      echo "$cmd" >> "$tmp/cmds"
      echo "running: $cmd" >&2
      log="$tmp/$n-$scheme-$tol.log"
      load=$(cut -d' ' -f1 /proc/loadavg)
      $cmd > "$log" 2>&1 || true
      bound=$(field 'dual bound' "$log")
      if [ -n "$bound" ]; then
        best_bound=$(awk -v a="$best_bound" -v b="$bound" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }')
      fi
      echo "$n $scheme $tol $(field status "$log" | tr " " _) $(field iterations "$log") $(field 'solve seconds' "$log") $(field objective "$log") $(field 'relative residual value' "$log") $load" >> "$tmp/rows.$n"
    done
  done
  if [ -z "$ref" ]; then
    ref=$best_bound
    refname="smallest dual bound"
  fi
  printf '\n# %s products: reference %s (%s)\n' "$n" "$ref" "$refname" >> "$tmp/rows"
  awk -v ref="$ref" '
    { err = (ref == "" || $7 == "") ? "-" : sprintf("%+.4f %%", 100 * ($7 - ref) / ref)
      printf "%9s %-9s %6s %-28s %8s %9s %16s %11s %10s  load %s\n", $1, $2, $3, $4, $5, $6, $7, err, $8, $9 }' \
    "$tmp/rows.$n" >> "$tmp/rows"
done
{
  cat "$tmp/head"
  printf '\n%9s %-9s %6s %-28s %8s %9s %16s %11s %10s\n' products scheme tol status its seconds objective error "res.value"
  cat "$tmp/rows"
  echo
  echo "# commands"
  sed 's/^/#   /' "$tmp/cmds"
} | tee "$out"
echo "kept in $out" >&2
