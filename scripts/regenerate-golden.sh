#!/usr/bin/env bash
# Regenerates tests/golden/dprk-2013-summary.json from the reference run, on purpose,
# after a change of the model that is meant to move the numbers. Review `git diff` after.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./build/release/lightind run scenarios/dprk-2013.toml --quiet --check --out "$tmp/ref"
mkdir -p tests/golden
cp "$tmp/ref/summary.json" tests/golden/dprk-2013-summary.json
echo "regenerated tests/golden/dprk-2013-summary.json"
