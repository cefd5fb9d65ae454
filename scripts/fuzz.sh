#!/usr/bin/env bash
# Fuzzes one target for SECONDS seconds on one worker:
#   bash scripts/fuzz.sh [SECONDS] [scenario|query]     (default 20 s, scenario; `make test` runs both)
#   scenario: the scenario loader (fuzz/fuzz_scenario.cpp), seeded with every
#             scenarios/**/*.toml and fuzz/seeds/*.toml, mutated with the dictionary
#             fuzz/toml.dict (TOML syntax and the schema's keys);
#   query:    the served page's request parsing (fuzz/fuzz_query.cpp: query strings and
#             request framing), seeded with fuzz/seeds/query/*.
# Configures and builds the `fuzz` preset (clang, libFuzzer, ASan, UBSan) when needed and
# exits non-zero on a finding; the reproducer and the log stay under build/fuzz/.
set -euo pipefail

seconds="${1:-20}"
target="${2:-scenario}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ] || { [ "$target" != scenario ] && [ "$target" != query ]; }; then
  echo "usage: bash scripts/fuzz.sh SECONDS [scenario|query]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="$root/build/fuzz"
fuzzer="$build/fuzz/lightind_fuzz_$target"

if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  if ! cmake --preset fuzz >"$build/configure.log" 2>&1; then
    cat "$build/configure.log" >&2
    echo "fuzz: FAILED to configure the fuzz preset (see $build/configure.log)" >&2
    exit 1
  fi
fi
if ! cmake --build --preset fuzz --target "lightind_fuzz_$target" -j "${JOBS:-2}" >"$build/build.log" 2>&1; then
  tail -n 40 "$build/build.log" >&2
  echo "fuzz: FAILED to build lightind_fuzz_$target (see $build/build.log)" >&2
  exit 1
fi

# A fresh corpus and working folder for this run, under build/fuzz. The fuzzer runs in
# the working folder, where `extends = "base.toml"` (fuzz/seeds/extends.toml) resolves.
work="$(mktemp -d "$build/run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/findings"
n_seeds=0
if [ "$target" = scenario ]; then
  seeds=(find ./scenarios ./fuzz/seeds -type f -name '*.toml' -print0)
  max_len=65536
  dict="$root/fuzz/toml.dict"
else
  seeds=(find ./fuzz/seeds/query -type f -print0)
  max_len=16384
  dict=""
fi
while IFS= read -r -d '' f; do
  name="${f#./}"
  cp "$f" "$work/corpus/${name//\//_}"
  n_seeds=$((n_seeds + 1))
done < <("${seeds[@]}" 2>/dev/null | sort -z)
cp fuzz/seeds/minimal.toml "$work/base.toml"
cp fuzz/seeds/minimal.toml "$build/findings/base.toml"  # so that reproducers replay the same `extends`

log="$build/last-run-$target.log"
status=0
(
  cd "$work"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
  exec "$fuzzer" corpus ${dict:+-dict="$dict"} -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len="$max_len" \
    -artifact_prefix="$build/findings/" -print_final_stats=1
) >"$log" 2>&1 || status=$?

runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
corpus_size="$(find "$work/corpus" -type f | wc -l)"
if [ "$status" -ne 0 ]; then
  artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
  grep -m 3 -E '^==[0-9]+==ERROR|runtime error|uncaught exception|terminate called' "$log" >&2 || tail -n 20 "$log" >&2
  echo "fuzz: FINDING after ${runs:-?} runs (exit $status); reproducer: ${artifact:-none written}; log: $log;" \
    "replay: (cd build/fuzz/findings && ../fuzz/lightind_fuzz_$target ${artifact:-CRASH_FILE})" >&2
  exit 1
fi
echo "fuzz ($target): no findings in ${runs:-?} runs over ${seconds}s (${n_seeds} seed files, corpus ${corpus_size}); log: $log"
