"""Running and comparing scenarios: lightind.run, lightind.compare and the Run object."""

import difflib
import json
import math
import os

import numpy as np
import pandas as pd

from . import _lightind

# numpy's datetime64[M] counts months from 1970-01; the engine's month index is year * 12 + month - 1.
_EPOCH_MONTH = 1970 * 12


def month_dates(month_index):
    """Month indices (year * 12 + month - 1) as datetime64[ns] values on the first of the month."""
    m = np.asarray(month_index, dtype=np.int64) - _EPOCH_MONTH
    return m.astype("datetime64[M]").astype("datetime64[ns]")


def _toml_item(v):
    """A value inside an override's array, in TOML (strings quoted)."""
    if isinstance(v, str):
        return json.dumps(v)
    return _toml_value(v)


def _toml_value(v):
    """The text of an override's value, as the command line's `--set key=VALUE` takes it."""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return repr(f)
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_item(x) for x in v) + "]"
    raise TypeError(f"override value {v!r}: expected a bool, number, string or list, found {type(v).__name__}")


def override_list(overrides):
    """Overrides as the command line's `--set` arguments, in order.

    ``overrides`` is a mapping ``{"key": value}`` (values: bool, int, float, str or lists of
    them; a str is passed as typed, as on the command line), an iterable of ``"key=value"``
    strings, or None.
    """
    if overrides is None:
        return []
    if isinstance(overrides, str):
        return [overrides]
    if hasattr(overrides, "items"):
        return [f"{k}={_toml_value(v)}" for k, v in overrides.items()]
    out = []
    for item in overrides:
        if not isinstance(item, str):
            raise TypeError(f"override {item!r}: expected a 'key=value' string, found {type(item).__name__}")
        out.append(item)
    return out


def _whole(name, value):
    """``value`` as a Python int when it is an integer (int or numpy integer, not bool);
    TypeError for anything else (1.5, "2", True): nothing is rounded or parsed."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, found {value!r} ({type(value).__name__})")
    return int(value)


# The most threads a run may ask for, as the program's --threads (src/cli/options.hpp).
MAX_THREADS = 4096


_REGISTRY = None


def indicators():
    """The indicator registry (src/indicators/registry.cpp; docs/INDICATORS.md is generated
    from it): a DataFrame, one row per indicator and level, with the columns name, level
    (aggregate, sector or region), label, unit, direction (higher, lower or neither: which is
    better), over_time (sum: a monthly flow; mean: a stock, price, ratio or index; once),
    over_parts (sum, ratio or -: how sectors or regions make the aggregate), difference (how
    compare shows a difference), section, doc and groups (the groups of a family such as
    ``icor_<group>``). ``attrs["views"]`` holds the lists the front ends show."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = json.loads(_lightind.indicators_json())
    df = pd.DataFrame(_REGISTRY["indicators"])
    df.attrs["views"] = {k: list(v) for k, v in _REGISTRY["views"].items()}
    return df


def _registry_entry(name, level="aggregate"):
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = json.loads(_lightind.indicators_json())
    for e in _REGISTRY["indicators"]:
        if e["level"] != level:
            continue
        if e["name"] == name:
            return e
        if "<group>" in e["name"]:
            head, tail = e["name"].split("<group>")
            if any(name == head + g + tail for g in e["groups"].split()):
                return e
    return None


def _unit_attrs(name, level="aggregate"):
    """attrs for a pandas object of one indicator: its unit and label from the registry."""
    e = _registry_entry(name, level)
    return {"unit": e["unit"], "label": e["label"]} if e else {}


def _seed(seed):
    """A seed: None (the scenario's) or an integer in [0, 2^64 - 1], as the program's --seed."""
    if seed is None:
        return 0
    seed = _whole("seed", seed)
    if seed < 0 or seed >= 2**64:
        raise ValueError(f"seed must be an integer from 0 to 2^64 - 1, found {seed}")
    return seed


def _threads(threads):
    threads = 0 if threads is None else _whole("threads", threads)
    if threads < 0 or threads > MAX_THREADS:
        raise ValueError(f"threads must be an integer from 0 to {MAX_THREADS} (0: all cores), found {threads}")
    return threads


def _categorical(codes, names):
    """Codes (-1: missing) and their names as a pandas Categorical; -1 becomes NaN."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int32), categories=list(names))


def _seed_column(seed, n):
    dtype = np.int64 if seed < 2**63 else np.uint64
    return np.full(n, seed, dtype=dtype)


def series_frame(cols, scenario, seed):
    """The tidy data frame of a run's series columns (see Run.series)."""
    n = len(cols["value"])
    return pd.DataFrame(
        {
            "date": month_dates(cols["month"]),
            "scenario": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[scenario]),
            "run": _seed_column(seed, n),
            "indicator": _categorical(cols["indicator"], cols["indicators"]),
            "sector": _categorical(cols["sector"], cols["sectors"]),
            "region": _categorical(cols["region"], cols["regions"]),
            "value": np.asarray(cols["value"], dtype=np.float64),
        }
    )


class Run:
    """A finished run of a scenario.

    Attributes: ``scenario`` (its name), ``title``, ``file``, ``seed`` (the seed it ran
    with), ``start`` and ``end`` ("YYYY-MM"), ``wall_seconds``, ``agent_months``.
    """

    def __init__(self, handle):
        self._h = handle
        self._cols = None
        self._series = None
        self._summary = None
        self._events = None

    scenario = property(lambda self: self._h.scenario)
    title = property(lambda self: self._h.title)
    file = property(lambda self: self._h.file)
    seed = property(lambda self: self._h.seed)
    start = property(lambda self: self._h.start)
    end = property(lambda self: self._h.end)
    wall_seconds = property(lambda self: self._h.wall_seconds)
    agent_months = property(lambda self: self._h.agent_months)

    def __repr__(self):
        return (
            f"<lightind.Run {self.scenario} {self.start}..{self.end} seed {self.seed}: "
            f"{self._h.rows} rows, {len(self.indicators)} indicators>"
        )

    @property
    def columns(self):
        """The series as numpy columns: month (year * 12 + month - 1), indicator, sector and
        region codes (-1: aggregate), value; and the code tables indicators, sectors, regions."""
        if self._cols is None:
            self._cols = self._h.series_columns()
        return self._cols

    @property
    def indicators(self):
        """The indicator names of the series, in the order they first appear."""
        return list(self.columns["indicators"])

    @property
    def series(self):
        """The tidy series, one row per (month, indicator, sector, region), as series.csv.

        Columns: date (datetime64, the first of the month), scenario, run (the seed),
        indicator, sector, region (categoricals; sector and region are NaN for aggregates,
        as when series.csv is read with pandas.read_csv), value (float64, full precision:
        series.csv prints 10 significant digits).
        """
        if self._series is None:
            self._series = series_frame(self.columns, self.scenario, self.seed)
        return self._series

    @property
    def summary(self):
        """summary.json as a dict: scenario, title, seed, version, commit, start, end,
        years {"YYYY": {indicator: annual mean}}, final {indicator: last value}."""
        if self._summary is None:
            self._summary = json.loads(self._h.summary_json())
        return self._summary

    @property
    def events(self):
        """The run's dated events: date, kind, subject, text (in the order they happened)."""
        if self._events is None:
            c = self._h.event_columns()
            self._events = pd.DataFrame(
                {"date": month_dates(c["month"]), "kind": c["kind"], "subject": c["subject"], "text": c["text"]}
            )
        return self._events

    def _code(self, table, name, what):
        names = list(self.columns[table])
        if name in names:
            return names.index(name)
        hint = difflib.get_close_matches(str(name), names, n=1)
        msg = f"{what} {name!r} is not in this run"
        if hint:
            msg += f' (did you mean "{hint[0]}"?)'
        raise KeyError(msg)

    def indicator(self, name, sector=None, region=None, by=None):
        """One indicator through time.

        With no ``sector``/``region``: the aggregate, a pandas Series indexed by date. With
        ``sector="food"`` or ``region="pyongyang"``: that breakdown. With ``by="sector"``
        or ``by="region"``: a DataFrame, one column per sector or region.
        """
        c = self.columns
        code = self._code("indicators", name, "indicator")
        mask = c["indicator"] == code
        if by is not None:
            if by not in ("sector", "region"):
                raise ValueError(f'by: expected "sector" or "region", found {by!r}')
            other = "region" if by == "sector" else "sector"
            mask &= (c[by] >= 0) & (c[other] == -1)
            names = np.asarray(c[by + "s"], dtype=object)
            frame = pd.DataFrame(
                {"date": month_dates(c["month"][mask]), by: names[c[by][mask]], "value": c["value"][mask]}
            )
            wide = frame.pivot(index="date", columns=by, values="value")
            wide.columns.name = by
            wide.attrs.update(_unit_attrs(name, by))
            return wide
        s = -1 if sector is None else self._code("sectors", sector, "sector")
        r = -1 if region is None else self._code("regions", region, "region")
        mask &= (c["sector"] == s) & (c["region"] == r)
        out = pd.Series(c["value"][mask], index=pd.DatetimeIndex(month_dates(c["month"][mask]), name="date"), name=name)
        if out.empty:
            raise KeyError(f"indicator {name!r} has no rows for sector={sector!r}, region={region!r}")
        level = "sector" if sector is not None else "region" if region is not None else "aggregate"
        out.attrs.update(_unit_attrs(name, level))
        return out

    def annual(self, name):
        """An aggregate indicator's mean over each calendar year, indexed by year: the
        library's annual mean (analysis::annual_mean), the rule of summary.json's years,
        calibrate and compare: NaN months are left out, a year with no finite month is NaN."""
        self.indicator(name)  # a KeyError with a suggestion for an unknown name
        means = self._h.annual_mean(name)
        out = pd.Series(
            list(means.values()), index=pd.Index(list(means.keys()), dtype=np.int64, name="year"), name=name,
            dtype=np.float64,
        )
        out.attrs.update(_unit_attrs(name))
        return out

    def save(self, directory, force=False):
        """Writes series.csv, summary.json, results.sqlite and accounts.csv into
        ``directory``, as ``lightind run --out DIR`` (through a temporary folder renamed
        into place).

        An existing ``directory`` is replaced only when lightind wrote it (it holds the
        marker file ``.lightind-run``) or it is empty; any other folder only with
        ``force=True``. A file or a symbolic link is never replaced. Otherwise raises
        FileExistsError naming the path, and writes nothing."""
        self._h.write_run_dir(os.fspath(directory), bool(force))
        return directory


def run(path, seed=None, overrides=None, threads=0, check=False):
    """Loads and runs a scenario file, as ``lightind run``.

    path: the scenario file (TOML). seed: the random seed (None: the scenario's).
    overrides: ``{"key": value}`` or ``["key=value", ...]``, applied in order as the
    command line's ``--set``. threads: worker threads inside the run (0: all cores; the
    results do not depend on it). check: verify the ledger every month (raises
    AccountingError on a violation).

    Raises ScenarioError (a ValueError) naming file, line and key when the scenario is
    rejected. The GIL is released while the scenario loads and runs; Ctrl-C stops the run
    between two months.
    """
    handle = _lightind.run(
        os.fspath(path), seed=_seed(seed), sets=override_list(overrides), threads=_threads(threads), check=bool(check)
    )
    return Run(handle)


def describe(path, overrides=None):
    """Loads and validates a scenario without running it: a dict with name, title, seed,
    start, end and months. Raises ScenarioError like run()."""
    return _lightind.describe(os.fspath(path), sets=override_list(overrides))


def compare(paths, years=None, seed=None, overrides=None, threads=0):
    """Runs scenarios with one seed and compares their headline indicators, as ``lightind compare``.

    Every scenario is loaded before any runs (a rejected one raises ScenarioError and
    nothing runs). The seed is ``seed``, else the first scenario's; ``overrides`` apply to
    every scenario; ``years`` default to 2015, 2019, 2021, 2025. Returns a DataFrame with
    the columns of compare.csv: scenario, indicator, year, value (the annual mean) and
    difference (value minus the first scenario's; NaN for the first). ``df.attrs["table"]``
    holds the side-by-side table the command prints, ``df.attrs["seed"]`` the seed and
    ``df.attrs["units"]`` each indicator's unit (the indicator registry's).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cols, table, used_seed = _lightind.compare(
        [os.fspath(p) for p in paths],
        years=[int(y) for y in (years or [])],
        seed=_seed(seed),
        sets=override_list(overrides),
        threads=_threads(threads),
    )
    df = pd.DataFrame(
        {
            "scenario": cols["scenario"],
            "indicator": cols["indicator"],
            "year": np.asarray(cols["year"], dtype=np.int64),
            "value": cols["value"],
            "difference": cols["difference"],
        }
    )
    df.attrs["table"] = table
    df.attrs["seed"] = used_seed
    df.attrs["units"] = {n: _unit_attrs(n).get("unit", "") for n in dict.fromkeys(cols["indicator"])}
    return df
