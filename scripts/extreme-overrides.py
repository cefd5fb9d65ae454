#!/usr/bin/env python3
"""Runs a scenario once per numeric key with each extreme value (1e300, 1e-300, -1e300 by
default) as a --set override, under --check, and reports every run that exits 0 but writes a
value that is not a finite number (or crashes). Used for issue 10 (docs/SCENARIOS.md "Limits").

    /usr/bin/python3 scripts/extreme-overrides.py [SCENARIO] [--cli build/release/lightind]

Keys: every number of the [tables] sections, and of the first element of each [[array]]
(its id in the key), as the scenario writes them. Exit 1 when any run is bad.
"""
import argparse
import csv
import math
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def numbers_in(table, prefix):
    """The keys of the numbers of a table and of its inline tables, under `prefix`."""
    for k, v in table.items():
        if is_number(v):
            yield f"{prefix}.{k}"
        elif isinstance(v, dict):
            for kk, vv in v.items():
                if is_number(vv):
                    yield f"{prefix}.{k}.{kk}"


def numeric_keys(doc):
    for section, value in doc.items():
        if isinstance(value, dict):
            yield from numbers_in(value, section)
        elif isinstance(value, list) and value and isinstance(value[0], dict) and "id" in value[0]:
            yield from numbers_in(value[0], f"{section}.{value[0]['id']}")


NON_FINITE = re.compile(r"(?<![A-Za-z_])[-+]?(nan|inf|infinity|NaN|Infinity)(?![A-Za-z_])", re.IGNORECASE)


def non_finite(folder):
    """The first value that is not a finite number in the run folder's text files, or None."""
    series = folder / "series.csv"
    if series.is_file():
        with open(series, newline="") as f:
            for row in csv.DictReader(f):
                try:
                    x = float(row["value"])
                except (KeyError, ValueError):
                    continue
                if not math.isfinite(x):
                    return f"series.csv {row}"
    for name in ("summary.json", "accounts.csv"):
        p = folder / name
        if p.is_file():
            m = NON_FINITE.search(p.read_text(errors="replace"))
            if m:
                return f"{name}: ...{p.read_text(errors='replace')[max(0, m.start() - 80):m.end() + 20]!r}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="scenarios/dprk-2013.toml")
    ap.add_argument("--cli", default="build/release/lightind")
    ap.add_argument("--values", default="1e300,1e-300,-1e300")
    a = ap.parse_args()
    doc = tomllib.loads(pathlib.Path(a.scenario).read_text())
    keys = sorted(set(numeric_keys(doc)))
    bad, counts = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys:
            for value in a.values.split(","):
                out = pathlib.Path(tmp) / f"{key}={value}"
                p = subprocess.run([a.cli, "run", a.scenario, "--quiet", "--check", "--out", str(out), "--set",
                                    f"{key}={value}"], capture_output=True, text=True, timeout=600)
                counts[p.returncode] = counts.get(p.returncode, 0) + 1
                row = non_finite(out) if out.is_dir() else None
                if p.returncode not in (0, 2, 3) or (row is not None):
                    bad.append((key, value, p.returncode, row, p.stderr.strip()[-200:]))
                    print(f"BAD {key}={value}: exit {p.returncode}, non-finite row {row}", flush=True)
    print(f"{len(keys)} keys x {len(a.values.split(','))} values: exit codes {dict(sorted(counts.items()))}; "
          f"{len(bad)} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
