"""Ensembles: lightind.sweep, lightind.bands and the seeds they use.

For now the ensemble runs here, in Python, on top of the compiled run (each run releases
the GIL, so a thread pool runs them in parallel). Its three steps are kept apart so that
the compiled sweep of issue 5 can replace the first two without changing what users see:

1. ``sweep_settings(grid)``: the settings, the Cartesian product of the grid;
2. ``sweep_seeds(seed, runs)``: the seeds, the same for every setting;
3. ``bands(runs)``: the quantiles across seeds of each setting.
"""

import concurrent.futures
import itertools
import os
import warnings

import numpy as np
import pandas as pd

from . import _lightind
from ._run import Run, _seed, _threads, _toml_value, month_dates, override_list, series_frame

#: The quantiles of the bands: name -> probability.
QUANTILES = {"p5": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}

_M64 = (1 << 64) - 1


def sweep_seeds(seed, runs):
    """The seeds of an ensemble of ``runs`` runs from base seed ``seed``.

    Seed k (k = 0, 1, ...) is the (k+1)-th output of SplitMix64 (Steele, Lea and Flood
    2014) started from state ``seed``, with its top bit cleared so that it fits a signed
    64-bit integer (SQLite), and 1 in place of 0 (0 means "the scenario's seed"). Every
    setting of a sweep uses the same seeds (common random numbers), so differences
    between settings are not sampling noise.
    """
    seed = int(seed)
    out = []
    for k in range(int(runs)):
        z = (seed + (k + 1) * 0x9E3779B97F4A7C15) & _M64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        z ^= z >> 31
        z &= (1 << 63) - 1
        out.append(z or 1)
    return out


def sweep_settings(grid):
    """The settings of a grid ``{key: [values]}``: a list of (label, overrides) pairs, the
    Cartesian product with the first key varying slowest. The label joins the overrides,
    ``"key=value;key=value"``, with values written as the overrides pass them to the
    scenario loader; the single setting of an empty grid is labelled ``"baseline"``."""
    if not grid:
        return [("baseline", [])]
    keys = list(grid)
    values = []
    for k in keys:
        v = grid[k]
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            v = [v]
        v = list(v)
        if not v:
            raise ValueError(f"grid[{k!r}] is empty")
        values.append(v)
    settings = []
    for combo in itertools.product(*values):
        sets = [f"{k}={_toml_value(v)}" for k, v in zip(keys, combo)]
        settings.append((";".join(sets), sets))
    return settings


def quantiles(values, axis=0):
    """The band quantiles (p5, p25, p50, p75, p95) of ``values`` along ``axis``, NaN values
    left out: numpy's default "linear" method (Hyndman and Fan's type 7: for n sorted
    values x[0..n-1], quantile q is x[i] + (h - i)(x[i+1] - x[i]) with h = (n - 1) q and
    i = floor(h)). Returns an array with the quantiles along a new first axis; NaN where
    every value is NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN
        return np.nanquantile(np.asarray(values, dtype=np.float64), list(QUANTILES.values()), axis=axis)


def _same_rows(a, b):
    return all(list(a[t]) == list(b[t]) for t in ("indicators", "sectors", "regions")) and all(
        np.array_equal(a[c], b[c]) for c in ("month", "indicator", "sector", "region")
    )


def _band_frame(setting, cols, q):
    """Tidy bands of one setting: its series rows (cols) repeated for each quantile (q:
    quantiles x rows)."""
    nq, n = q.shape
    qnames = list(QUANTILES)
    return pd.DataFrame(
        {
            "setting": setting,
            "date": np.repeat(month_dates(cols["month"]), nq),
            "indicator": pd.Categorical.from_codes(np.repeat(cols["indicator"], nq).astype(np.int32), list(cols["indicators"])),
            "sector": pd.Categorical.from_codes(np.repeat(cols["sector"], nq).astype(np.int32), list(cols["sectors"])),
            "region": pd.Categorical.from_codes(np.repeat(cols["region"], nq).astype(np.int32), list(cols["regions"])),
            "quantile": pd.Categorical.from_codes(np.tile(np.arange(nq, dtype=np.int32), n), qnames),
            "value": q.T.reshape(-1),
        }
    )


def _bands_of(setting, runs):
    """Bands of one setting's runs (Run objects or their ``columns`` dicts)."""
    cols = [r.columns if isinstance(r, Run) else r for r in runs]
    if not cols:
        raise ValueError("bands need at least one run")
    first = cols[0]
    if all(_same_rows(first, c) for c in cols[1:]):
        return _band_frame(setting, first, quantiles(np.stack([c["value"] for c in cols])))
    # Runs whose rows differ (an indicator present in some seeds only): match rows by key.
    keys = ["date", "indicator", "sector", "region"]
    frames = []
    for c in cols:
        f = series_frame(c, "", 0)
        frames.append(pd.DataFrame({k: f[k] if k in ("date", "value") else f[k].astype(object) for k in keys + ["value"]}))
    long = pd.concat(frames, ignore_index=True)
    grouped = long.groupby(keys, sort=False, dropna=False)["value"]
    q = grouped.quantile(list(QUANTILES.values())).unstack()
    q.columns = list(QUANTILES)
    q = q.stack(dropna=False).rename("value").reset_index()
    q = q.rename(columns={q.columns[len(keys)]: "quantile"})
    q.insert(0, "setting", setting)
    for k in ("indicator", "sector", "region"):
        q[k] = pd.Categorical(q[k])
    q["quantile"] = pd.Categorical(q["quantile"], categories=list(QUANTILES))
    return q[["setting", "date", "indicator", "sector", "region", "quantile", "value"]]


def bands(runs, setting="baseline"):
    """Quantile bands across an ensemble of runs of one setting (a list of Run objects, or
    of their ``columns`` dicts):
    a DataFrame with the columns of bands.csv, setting, date, indicator, sector, region,
    quantile (p5, p25, p50, p75, p95) and value. See ``quantiles`` for the method."""
    out = _bands_of(setting, list(runs))
    out["setting"] = pd.Categorical(out["setting"])
    return out


def sweep(path, runs=10, seed=None, grid=None, overrides=None, threads=0, progress=None):
    """Runs every setting of ``grid`` with ``runs`` seeds and returns the quantile bands.

    path: the scenario file. runs: seeds per setting. seed: the base seed (None: the
    scenario's); the seeds are ``sweep_seeds(seed, runs)``, the same for every setting.
    grid: ``{key: [values]}``, the settings are its Cartesian product (``sweep_settings``).
    overrides: applied to every run before the grid's values. threads: runs at once (0:
    all cores); each run uses one thread, and the results do not depend on it.
    progress: called as ``progress(done, total)`` after each run.

    Every setting is loaded first: a rejected one raises ScenarioError before anything
    runs. Returns a DataFrame (setting, date, indicator, sector, region, quantile, value),
    settings in grid order; ``df.attrs`` holds "seeds" and "settings" ({label: overrides}).
    """
    path = os.fspath(path)
    base = override_list(overrides)
    runs = int(runs)
    if runs < 1:
        raise ValueError(f"runs must be >= 1, found {runs}")
    settings = sweep_settings(grid)
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
