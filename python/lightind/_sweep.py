"""Ensembles: lightind.sweep, lightind.bands and the seeds they use.

The definitions are those of the program's `lightind sweep` (include/lightind/sweep.hpp):
the same settings and labels, the same seeds (splitmix64), the same type-7 quantiles,
computed with the same floating-point operations, and rows matched the same way. For now
the runs themselves run here, on the compiled run (each releases the GIL, so a thread pool
runs them in parallel), in three steps that the compiled sweep can take over one by one:

1. ``sweep_settings(grid)``: the settings, the Cartesian product of the grid;
2. ``sweep_seeds(seed, runs)``: the seeds, the same for every setting;
3. ``bands(runs)``: the quantiles across seeds of each setting.
"""

import concurrent.futures
import itertools
import os

import numpy as np
import pandas as pd

from . import _lightind
from ._run import Run, _seed, _threads, _whole, _toml_value, month_dates, override_list

#: The quantiles of the bands: name -> probability (sweep::kBandQuantiles, kBandNames).
QUANTILES = {"p5": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}

_M64 = (1 << 64) - 1


# The most runs in one sweep (settings x runs), as the program's sweep (src/sweep/sweep.cpp).
MAX_RUNS = 10**7


def sweep_seeds(seed, runs):
    """The seeds of an ensemble of ``runs`` runs from base seed ``seed`` (sweep::derive_seed).

    Seed k (k = 0, 1, ...) is the (k+1)-th output of SplitMix64 (Steele, Lea and Flood
    2014) started from state ``seed``, shifted right by one bit so that it stays a positive
    SQLite integer, and 1 in place of 0 (0 means "the scenario's seed"):

        z = seed + (k + 1) * 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;  z = (z ^ (z >> 27)) * 0x94d049bb133111eb
        seed_k = (z ^ (z >> 31)) >> 1                (all modulo 2^64)

    Every setting of a sweep uses the same seeds (common random numbers), so differences
    between settings are not sampling noise.
    """
    runs = _whole("runs", runs)
    if runs > MAX_RUNS:
        raise ValueError(f"runs must be at most {MAX_RUNS}, found {runs}")
    seed = int(seed) & _M64
    out = []
    for k in range(int(runs)):
        z = (seed + (k + 1) * 0x9E3779B97F4A7C15) & _M64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        z = (z ^ (z >> 31)) >> 1
        out.append(z or 1)
    return out


def sweep_settings(grid):
    """The settings of a grid ``{key: value or [values]}``, as the program's ``--set``
    arguments (sweep::expand_grid): a list of (label, overrides) pairs, the Cartesian
    product with the first key varying slowest. Values are written as overrides pass them
    to the scenario loader. A key with several values varies and names the setting: the
    label joins the varying ``key=value`` with ";" (``"default"`` when nothing varies); a
    key with one value applies to every setting, like ``--set key=value``."""
    if not grid:
        return [("default", [])]
    keys = list(grid)
    values = []
    for k in keys:
        v = grid[k]
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            v = [v]
        v = [_toml_value(x) for x in v]
        if not v:
            raise ValueError(f"grid[{k!r}] is empty")
        if len(set(v)) != len(v):
            raise ValueError(f"grid[{k!r}] repeats a value: {v}")
        values.append(v)
    settings = []
    for combo in itertools.product(*values):
        sets = [f"{k}={v}" for k, v in zip(keys, combo)]
        label = ";".join(a for a, vs in zip(sets, values) if len(vs) > 1) or "default"
        settings.append((label, sets))
    return settings


def quantiles(values, axis=0):
    """The band quantiles (p5, p25, p50, p75, p95) of ``values`` along ``axis``, with
    non-finite values left out (the results database stores them as NULL): Hyndman and
    Fan's type 7, numpy's default "linear" method, computed as sweep::quantile computes it,
    so the numbers are the program's to the last bit: for the n sorted finite values x[0..n-1],

        h = (n - 1) p,  i = floor(h),  Q = x[i] + (h - i) (x[i+1] - x[i])   (Q = x[n-1] when i = n - 1)

    Returns an array with the quantiles along a new first axis; NaN where no value is finite."""
    x = np.moveaxis(np.asarray(values, dtype=np.float64), axis, 0)
    x = np.sort(np.where(np.isfinite(x), x, np.nan), axis=0)  # NaN sorts last
    n = np.sum(~np.isnan(x), axis=0)
    out = np.full((len(QUANTILES),) + x.shape[1:], np.nan)
    if x.shape[0] == 0:
        return out
    top = x.shape[0] - 1
    last = np.take_along_axis(x, np.clip(n - 1, 0, top)[None], axis=0)[0]
    for k, p in enumerate(QUANTILES.values()):
        h = (n - 1).astype(np.float64) * p
        lo = np.floor(h)
        i = np.clip(lo, 0, top).astype(np.int64)
        a = np.take_along_axis(x, i[None], axis=0)[0]
        b = np.take_along_axis(x, np.clip(i + 1, 0, top)[None], axis=0)[0]
        q = np.where(i + 1 >= n, last, a + (h - lo) * (b - a))
        out[k] = np.where(n > 0, q, np.nan)
    return out


def _same_rows(a, b):
    return all(list(a[t]) == list(b[t]) for t in ("indicators", "sectors", "regions")) and all(
        np.array_equal(a[c], b[c]) for c in ("month", "indicator", "sector", "region")
    )


def _band_frame(setting, cols, q):
    """Tidy bands of one setting: its series rows (cols) repeated for each quantile (q:
    quantiles x rows)."""
    nq, n = q.shape

    def codes(c):
        return np.repeat(np.asarray(cols[c], dtype=np.int32), nq)

    return pd.DataFrame(
        {
            "setting": setting,
            "date": np.repeat(month_dates(cols["month"]), nq),
            "indicator": pd.Categorical.from_codes(codes("indicator"), list(cols["indicators"])),
            "sector": pd.Categorical.from_codes(codes("sector"), list(cols["sectors"])),
            "region": pd.Categorical.from_codes(codes("region"), list(cols["regions"])),
            "quantile": pd.Categorical.from_codes(np.tile(np.arange(nq, dtype=np.int32), n), list(QUANTILES)),
            "value": q.T.reshape(-1),
        }
    )


def _union_rows(cols):
    """Runs whose rows differ (an indicator present in some seeds only): the rows of the
    first run, then rows only later runs have, in the order they appear (as
    sweep::compute_bands); a row a run lacks is NaN there. Returns (columns of the union
    rows, values: runs x rows)."""
    names = {t: [] for t in ("indicators", "sectors", "regions")}
    ids = {t: {} for t in names}

    def code(table, name):
        if name not in ids[table]:
            ids[table][name] = len(names[table])
            names[table].append(name)
        return ids[table][name]

    where, keys = {}, []
    per_run = []
    for c in cols:
        ind = [code("indicators", x) for x in c["indicators"]]
        sec = [code("sectors", x) for x in c["sectors"]]
        reg = [code("regions", x) for x in c["regions"]]
        rows = []
        for m, i, s, r in zip(c["month"].tolist(), c["indicator"].tolist(), c["sector"].tolist(), c["region"].tolist()):
            key = (m, ind[i], sec[s] if s >= 0 else -1, reg[r] if r >= 0 else -1)
            if key not in where:
                where[key] = len(keys)
                keys.append(key)
            rows.append(where[key])
        per_run.append(rows)
    values = np.full((len(cols), len(keys)), np.nan)
    for j, (c, rows) in enumerate(zip(cols, per_run)):
        values[j, rows] = c["value"]
    k = np.asarray(keys, dtype=np.int64).reshape(-1, 4)
    union = {"month": k[:, 0], "indicator": k[:, 1], "sector": k[:, 2], "region": k[:, 3], **names}
    return union, values


def _bands_of(setting, runs):
    """Bands of one setting's runs (Run objects or their ``columns`` dicts), in seed order."""
    cols = [r.columns if isinstance(r, Run) else r for r in runs]
    if not cols:
        raise ValueError("bands need at least one run")
    if all(_same_rows(cols[0], c) for c in cols[1:]):
        rows, values = cols[0], np.stack([np.asarray(c["value"], dtype=np.float64) for c in cols])
    else:
        rows, values = _union_rows(cols)
    return _band_frame(setting, rows, quantiles(values))


def bands(runs, setting="default"):
    """Quantile bands across an ensemble of runs of one setting (a list of Run objects, or
    of their ``columns`` dicts): a DataFrame with the columns of bands.csv, setting, date,
    indicator, sector, region, quantile (p5, p25, p50, p75, p95) and value. See
    ``quantiles`` for the method."""
    out = _bands_of(setting, list(runs))
    out["setting"] = pd.Categorical(out["setting"])
    return out


def sweep(path, runs=10, seed=None, grid=None, overrides=None, threads=0, progress=None):
    """Runs every setting of ``grid`` with ``runs`` seeds and returns the quantile bands.

    path: the scenario file. runs: seeds per setting, an integer (settings x runs at most
    MAX_RUNS = 10**7, as the program's sweep; beyond: ValueError). seed: the base seed (None: the
    scenario's); the seeds are ``sweep_seeds(seed, runs)``, the same for every setting.
    grid: ``{key: [values]}``, the settings are its Cartesian product (``sweep_settings``).
    overrides: applied to every run before the grid's values (the program's sweep takes
    both as ``--set``: overrides first, then the grid). threads: runs at once (0:
    all cores); each run uses one thread, and the results do not depend on it.
    progress: called as ``progress(done, total)`` after each run.

    Every setting is loaded first: a rejected one raises ScenarioError before anything
    runs. Returns a DataFrame (setting, date, indicator, sector, region, quantile, value),
    settings in grid order; ``df.attrs`` holds "seeds" and "settings" ({label: overrides}).
    """
    path = os.fspath(path)
    base = override_list(overrides)
    runs = _whole("runs", runs)
    if runs < 1 or runs > MAX_RUNS:
        raise ValueError(f"runs must be an integer from 1 to {MAX_RUNS}, found {runs}")
    settings = sweep_settings(grid)
    if len(settings) * runs > MAX_RUNS:
        raise ValueError(
            f"a sweep runs at most {MAX_RUNS} runs (settings x runs), found {len(settings)} x {runs}"
            f" = {len(settings) * runs}"
        )
    described = [_lightind.describe(path, sets=base + sets) for _, sets in settings]
    base_seed = _seed(seed) or described[0]["seed"]
    seeds = sweep_seeds(base_seed, runs)
    workers = _threads(threads) or os.cpu_count() or 1
    total, done = len(settings) * runs, 0

    frames = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for label, sets in settings:

            def one(s, sets=sets):
                return _lightind.run(path, seed=s, sets=base + sets, threads=1, keep_accounts=False).series_columns()

            futures = [pool.submit(one, s) for s in seeds]
            cols = []
            for f in futures:  # in seed order, whatever order they finish in
                cols.append(f.result())
                done += 1
                if progress is not None:
                    progress(done, total)
            frames.append(_bands_of(label, cols))
    out = pd.concat(frames, ignore_index=True)
    for k in ("indicator", "sector", "region"):
        if out[k].dtype != "category":
            out[k] = pd.Categorical(out[k])
    out["setting"] = pd.Categorical(out["setting"], categories=[label for label, _ in settings])
    out.attrs["seeds"] = seeds
    out.attrs["settings"] = {label: base + sets for label, sets in settings}
    return out
