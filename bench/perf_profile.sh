#!/usr/bin/env bash
# Where a lightind command spends its time, by function, from Linux perf's software clock
# (cpu-clock): it needs no hardware counters, so it works in virtual machines that have none
# (this project's 2-core VM), where `run --profile` gives only the phases. Call stacks are
# unwound from DWARF (the build keeps its debug information; no frame pointers needed).
# Prints the functions with the most samples of their own ("self"), then those with the most
# samples under them ("children": a phase with everything it calls), each as a share of the
# command's samples, kernel time included (page faults, system calls). Inlined functions
# appear under their own names in "children" (DWARF knows them), not in "self".
# Usage: bash bench/perf_profile.sh [--top N] [--freq HZ] [-- LIGHTIND ARGS...]
#   default: the reference run on one thread, 30 lines each, 10 kHz
#   example: bash bench/perf_profile.sh --top 20 -- run scenarios/dprk-2013.toml --threads 2
set -euo pipefail
cd "$(dirname "$0")/.."
top=30
freq=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top=$2; shift 2 ;;
    --freq) freq=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "perf_profile.sh: unknown option '$1' (expected --top N, --freq HZ or -- LIGHTIND ARGS)" >&2; exit 2 ;;
  esac
done
bin=./build/release/lightind
[ -x "$bin" ] || { echo "perf_profile.sh: $bin is missing: run make build first" >&2; exit 2; }
command -v perf > /dev/null || { echo "perf_profile.sh: perf is missing (Debian package linux-perf)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then set -- run scenarios/dprk-2013.toml --threads 1 -q --force --out "$tmp/run"; fi
# perf_event_paranoid above 1 refuses a user's sampling: say so rather than print nothing.
if ! perf record -q -e cpu-clock -F "$freq" --call-graph dwarf,16384 -o "$tmp/perf.data" -- "$bin" "$@" > "$tmp/out.txt" 2> "$tmp/err.txt"; then
  echo "perf_profile.sh: perf record failed:" >&2
  cat "$tmp/err.txt" >&2
  exit 1
fi
echo "perf cpu-clock profile of: lightind $*  ($(date -u +%FT%TZ), $freq Hz, load average $(cut -d' ' -f1-3 /proc/loadavg))"
report() (
  set +o pipefail  # head stops reading early
  perf report -i "$tmp/perf.data" --stdio "$@" -g none --percent-limit 0.3 --sort dso,symbol 2> /dev/null |
    grep -E '^ +[0-9]' | head -n "$top" | cut -c1-160 | sed -E 's/ +$//'
)
echo
echo "self (samples in the function itself):"
report --no-children
echo
echo "children (samples in the function and what it calls):"
report --children
