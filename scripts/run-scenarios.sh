#!/usr/bin/env bash
# Runs every shipped scenario (scenarios/*.toml but *.free.toml, scenarios/examples/*.toml) with the ledger
# check into OUT_DIR/<name>/ (with its events as events.txt), dprk-2013 once more with two threads into
# OUT_DIR/dprk-2013-threads2/, and the plan LP of dprk-2013 for some years (opening and
# simulated state; the printed summary kept as plan.txt) into OUT_DIR/plan-<state>-<year>/.
# Compare two such trees byte for byte with scripts/compare-series.sh.
set -eu
if [ $# -ne 1 ]; then
  echo "usage: scripts/run-scenarios.sh OUT_DIR" >&2
  exit 2
fi
out=$1
bin=${LIGHTIND:-./build/release/lightind}
mkdir -p "$out"
for f in scenarios/*.toml scenarios/examples/*.toml; do
  # a fit's free parameters (lightind fit --free FILE), not a scenario
  case $f in *.free.toml) continue ;; esac
  name=$(basename "$f" .toml)
  rm -rf "${out:?}/$name"
  "$bin" run "$f" --out "$out/$name" --check --threads 1 >/dev/null
  # the run's dated events (policy, shocks, reform, projects, guidance, fairs, plans), as text
  sqlite3 "$out/$name/results.sqlite" "select * from events order by rowid" >"$out/$name/events.txt"
done
rm -rf "${out:?}/dprk-2013-threads2"
"$bin" run scenarios/dprk-2013.toml --out "$out/dprk-2013-threads2" --check --threads 2 >/dev/null
for state in opening simulated; do
  for year in 2014 2018 2020 2021 2024; do
    dir="$out/plan-$state-$year"
    rm -rf "$dir"
    # exit 5 (an infeasible plan, explained, nothing written) is an expected outcome
    "$bin" plan scenarios/dprk-2013.toml --year "$year" --state "$state" --out "$dir/lp" >"$out/plan-$state-$year.txt" 2>&1 || [ $? -eq 5 ]
    mkdir -p "$dir"
    # the summary names the output folder: written as OUT_DIR so that two trees compare
    sed "s|$out/|OUT_DIR/|g" "$out/plan-$state-$year.txt" >"$dir/plan.txt"
    rm "$out/plan-$state-$year.txt"
  done
done
