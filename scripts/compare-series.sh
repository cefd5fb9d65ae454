#!/usr/bin/env bash
# Byte-for-byte comparison of two output trees made by scripts/run-scenarios.sh: every
# BEFORE_DIR/<name>/series.csv (and accounts.csv, events.txt) against AFTER_DIR's, and every file of the
# plan runs (BEFORE_DIR/plan-*/). Exit 0 when all are identical, 1 when any differs or is missing.
set -u
if [ $# -ne 2 ]; then
  echo "usage: scripts/compare-series.sh BEFORE_DIR AFTER_DIR" >&2
  exit 2
fi
before=$1 after=$2
status=0 count=0
while IFS= read -r f; do
  rel=${f#"$before"/}
  count=$((count + 1))
  if [ ! -f "$after/$rel" ]; then
    echo "MISSING $after/$rel"
    status=1
  elif cmp -s "$f" "$after/$rel"; then
    echo "same    $rel"
  else
    echo "DIFFERS $rel: $(cmp "$f" "$after/$rel" | head -1)"
    status=1
  fi
done < <(cd / && find "$before" -path "$before/plan-*" -type f -o -type f \( -name series.csv -o -name accounts.csv -o -name events.txt \) | sort)
if [ "$count" -eq 0 ]; then
  echo "nothing to compare under $before" >&2
  exit 1
fi
echo "$count files compared"
exit $status
