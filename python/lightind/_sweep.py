"""Ensembles: lightind.sweep, lightind.bands and the seeds they use.

Thin wrappers over the program's sweep library (include/lightind/sweep.hpp, through the
compiled module): the same settings and labels (sweep::expand_axes), the same seeds
(sweep::derive_seed, splitmix64), the same runs (sweep::make_plan, executed on oneTBB
threads with the GIL released) and the same type-7 quantiles (sweep::band), with rows
matched the same way (sweep::compute_bands). Nothing here computes a seed, a grid or a
quantile itself.
"""

import os
import sys

import numpy as np
import pandas as pd

from . import _lightind
from ._run import (
    Run,
    _all_indicator_names,
    _levels,
    _recode,
    _seed,
    _threads,
    _toml_value,
    _units,
    _units_of,
    _whole,
    month_dates,
    override_list,
)

#: The quantiles of the bands: name -> probability (sweep::kBandNames, kBandQuantiles).
QUANTILES = dict(zip(_lightind.band_names, _lightind.band_quantiles))


# The most runs in one sweep (settings x runs), as the program's sweep (src/sweep/sweep.cpp).
MAX_RUNS = 10**7


def progress_callback(progress):
    """``progress`` as a callable ``(done, total)``: None or False, no progress; True, a line
    on standard error redrawn after each run ("sweep: 3/8 runs"); a callable, itself."""
    if progress is None or progress is False:
        return None
    if progress is True:

        def show(done, total):
            sys.stderr.write(f"\rsweep: {done}/{total} runs" + ("\n" if done == total else ""))
            sys.stderr.flush()

        return show
    if not callable(progress):
        raise TypeError(f"progress: expected True, False, None or a function (done, total), found {progress!r}")
    return progress


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
    return list(_lightind.sweep_seeds(int(seed) & ((1 << 64) - 1), runs))


def _grid_axes(grid):
    """A grid ``{key: value or [values]}`` as [(key, [TOML text of each value])]."""
    axes = []
    for k, v in (grid or {}).items():
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            v = [v]
        axes.append((str(k), [_toml_value(x) for x in v]))
    return axes


def sweep_settings(grid):
    """The settings of a grid ``{key: value or [values]}``, as the program's ``--set``
    arguments (sweep::expand_axes): a list of (label, overrides) pairs, the Cartesian
    product with the first key varying slowest. Values are written as overrides pass them
    to the scenario loader. A key with several values varies and names the setting: the
    label joins the varying ``key=value`` with ";" (``"default"`` when nothing varies); a
    key with one value applies to every setting, like ``--set key=value``. An empty list or
    a repeated value raises ScenarioError (a ValueError)."""
    return [(label, list(sets)) for label, sets in _lightind.sweep_settings([], _grid_axes(grid))]


def quantiles(values, axis=0):
    """The band quantiles (p5, p25, p50, p75, p95) of ``values`` along ``axis``, with
    non-finite values left out (the results database stores them as NULL): the program's
    sweep::band, Hyndman and Fan's type 7 (numpy's default "linear" method): for the n
    sorted finite values x[0..n-1],

        h = (n - 1) p,  i = floor(h),  Q = x[i] + (h - i) (x[i+1] - x[i])   (Q = x[n-1] when i = n - 1)

    Returns an array with the quantiles along a new first axis; NaN where no value is finite."""
    x = np.moveaxis(np.asarray(values, dtype=np.float64), axis, 0)
    rest = x.shape[1:]
    q = _lightind.quantiles(np.ascontiguousarray(x.reshape(x.shape[0], -1)))
    return q.reshape((len(QUANTILES),) + rest)


def _frame(cols, setting_categories=None):
    """The tidy bands of the compiled module's columns."""
    settings = list(cols["settings"])
    indicator = _recode(cols["indicator"], list(cols["indicators"]), _all_indicator_names())
    level = _levels(cols["sector"], cols["region"])
    df = pd.DataFrame(
        {
            "setting": pd.Categorical.from_codes(cols["setting"], categories=setting_categories or settings),
            "date": month_dates(cols["month"]),
            "indicator": indicator,
            "sector": pd.Categorical.from_codes(cols["sector"], list(cols["sectors"])),
            "region": pd.Categorical.from_codes(cols["region"], list(cols["regions"])),
            "quantile": pd.Categorical.from_codes(np.asarray(cols["quantile"], dtype=np.int32), list(QUANTILES)),
            "value": np.asarray(cols["value"], dtype=np.float64),
            "level": level,
            "unit": _units(indicator, level),
        }
    )
    df.attrs["units"] = _units_of(dict.fromkeys(cols["indicators"]))
    return df


def bands(runs, setting="default"):
    """Quantile bands across an ensemble of runs of one setting (a list of Run objects, or
    of their ``columns`` dicts), in seed order: sweep::compute_bands (rows matched by date,
    indicator, sector and region; a row a run lacks is left out of that row's quantiles).
    A DataFrame with the columns of bands.csv, setting, date, indicator, sector, region,
    quantile (p5, p25, p50, p75, p95) and value. See ``quantiles`` for the method."""
    cols = [r.columns if isinstance(r, Run) else r for r in runs]
    if not cols:
        raise ValueError("bands need at least one run")
    return _frame(_lightind.bands(str(setting), cols))


def sweep(path, runs=10, seed=None, grid=None, overrides=None, threads=0, progress=None):
    """Runs every setting of ``grid`` with ``runs`` seeds and returns the quantile bands:
    the program's sweep (sweep::make_plan and its runs), in memory instead of a database.

    path: the scenario file. runs: seeds per setting, an integer (settings x runs at most
    MAX_RUNS = 10**7, as the program's sweep; beyond: ValueError). seed: the base seed (None: the
    scenario's); the seeds are ``sweep_seeds(seed, runs)``, the same for every setting.
    grid: ``{key: [values]}``, the settings are its Cartesian product (``sweep_settings``).
    overrides: applied to every run before the grid's values (the program's sweep takes
    both as ``--set``: overrides first, then the grid; a key in both is rejected, as on the
    command line). threads: runs at once (0: all cores); the results do not depend on it.
    progress: True for a line on standard error after each run, or a function called as
    ``progress(done, total)`` after each run (with the GIL; an exception it raises stops
    the sweep, as does Ctrl-C).

    Every setting is loaded first: a rejected one raises ScenarioError before anything
    runs. Returns a DataFrame (setting, date, indicator, sector, region, quantile, value),
    settings in grid order; ``df.attrs`` holds "seeds" and "settings" ({label: overrides}).
    """
    path = os.fspath(path)
    runs = _whole("runs", runs)
    if runs < 1 or runs > MAX_RUNS:
        raise ValueError(f"runs must be an integer from 1 to {MAX_RUNS}, found {runs}")
    axes = _grid_axes(grid)
    n_settings = 1
    for _, values in axes:
        n_settings *= len(values)
    if n_settings * runs > MAX_RUNS:
        raise ValueError(
            f"a sweep runs at most {MAX_RUNS} runs (settings x runs), found {n_settings} x {runs}"
            f" = {n_settings * runs}"
        )
    cols, seeds, settings = _lightind.sweep(
        path, runs, _seed(seed), override_list(overrides), axes, _threads(threads), progress_callback(progress)
    )
    out = _frame(cols)
    out.attrs["seeds"] = list(seeds)
    out.attrs["varied"] = [k for k, v in axes if len(v) > 1]
    out.attrs["settings"] = {label: list(sets) for label, sets in settings}
    return out
