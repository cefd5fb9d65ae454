"""Running and comparing scenarios: lightind.run, lightind.compare and the Run object."""

import datetime
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
    if isinstance(v, (pd.Timestamp, np.datetime64, datetime.date)):
        # A month key ("scenario.end", "reform.start", an event's date) takes "YYYY-MM".
        t = pd.Timestamp(v)
        if pd.isna(t):
            raise ValueError(f"override value {v!r}: expected a date, found NaT")
        return f"{t.year:04d}-{t.month:02d}"
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_item(x) for x in v) + "]"
    raise TypeError(
        f"override value {v!r}: expected a bool, number, string, date (pandas Timestamp) or list, "
        f"found {type(v).__name__}"
    )


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


_REGISTRY_IN = {}  # currency -> the registry with its units in that currency


def _registry(currency="won"):
    """The indicator registry, units in ``currency`` (a scenario's ``scenario.currency``)."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = json.loads(_lightind.indicators_json())
    if currency == "won":
        return _REGISTRY
    if currency not in _REGISTRY_IN:
        _REGISTRY_IN[currency] = json.loads(_lightind.indicators_json(currency))
    return _REGISTRY_IN[currency]


def _registry_entry(name, level="aggregate", currency="won"):
    for e in _registry(currency)["indicators"]:
        if e["level"] != level:
            continue
        if e["name"] == name:
            return e
        if "<group>" in e["name"]:
            head, tail = e["name"].split("<group>")
            if any(name == head + g + tail for g in e["groups"].split()):
                return e
    return None


def _unit_attrs(name, level="aggregate", currency="won"):
    """attrs for a pandas object of one indicator: its unit (money in ``currency``) and label from the registry."""
    e = _registry_entry(name, level, currency)
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


#: The values of the ``level`` column: which rows a pivot may mix. "national" rows are the
#: economy's aggregates; "sector" and "region" rows are one sector's or one region's values.
LEVELS = ["national", "sector", "region"]


def _all_indicator_names():
    """Every indicator name of the registry, families expanded (``icor_<group>`` -> one per
    group), sorted: the one category list of every frame's ``indicator`` column, so that
    frames of different runs concatenate into a categorical column."""
    reg = _registry()
    names = set()
    for e in reg["indicators"]:
        if "<group>" in e["name"]:
            head, tail = e["name"].split("<group>")
            names.update(head + g + tail for g in e["groups"].split())
        else:
            names.add(e["name"])
    return sorted(names)


def _recode(codes, names, categories):
    """Codes into ``names`` (-1: missing) as a Categorical over ``categories`` (a superset)."""
    index = {c: i for i, c in enumerate(categories)}
    extra = [n for n in names if n not in index]
    if extra:  # a name the registry lacks (never expected): kept, appended
        categories = list(categories) + extra
        index = {c: i for i, c in enumerate(categories)}
    lookup = np.array([index[n] for n in names] + [-1], dtype=np.int32)
    codes = np.asarray(codes, dtype=np.int64)
    return pd.Categorical.from_codes(lookup[np.where(codes < 0, len(names), codes)], categories=categories)


def _levels(sector_codes, region_codes):
    """The ``level`` column: national (no sector, no region), sector or region."""
    s = np.asarray(sector_codes) >= 0
    r = np.asarray(region_codes) >= 0
    codes = np.where(s, 1, np.where(r, 2, 0)).astype(np.int8)
    return pd.Categorical.from_codes(codes, categories=LEVELS)


def _units(indicator_column, level_column, currency="won"):
    """The ``unit`` column: each row's unit from the indicator registry (by name and level), money in ``currency``."""
    ic = np.asarray(indicator_column.codes, dtype=np.int64)
    lc = np.asarray(level_column.codes, dtype=np.int64)
    key = ic * len(LEVELS) + lc
    uniq, inverse = np.unique(key, return_inverse=True)
    units = []
    for k in uniq:
        name = indicator_column.categories[k // len(LEVELS)] if k >= 0 else None
        lv = LEVELS[k % len(LEVELS)]
        e = (
            (_registry_entry(name, "aggregate" if lv == "national" else lv, currency) or _registry_entry(name, "aggregate", currency))
            if name
            else None
        )
        units.append(e["unit"] if e else "")
    categories = sorted(set(units))
    codes = np.array([categories.index(u) for u in units], dtype=np.int32)
    return pd.Categorical.from_codes(codes[inverse.reshape(-1)] if len(key) else np.zeros(0, np.int32), categories)


def series_frame(cols, scenario, seed, currency="won"):
    """The tidy data frame of a run's series columns (see Run.series)."""
    n = len(cols["value"])
    indicator = _recode(cols["indicator"], list(cols["indicators"]), _all_indicator_names())
    level = _levels(cols["sector"], cols["region"])
    df = pd.DataFrame(
        {
            "date": month_dates(cols["month"]),
            "scenario": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[scenario]),
            "run": _seed_column(seed, n),
            "indicator": indicator,
            "sector": _categorical(cols["sector"], cols["sectors"]),
            "region": _categorical(cols["region"], cols["regions"]),
            "value": np.asarray(cols["value"], dtype=np.float64),
            "level": level,
            "unit": _units(indicator, level, currency),
        }
    )
    df.attrs["units"] = _units_of(dict.fromkeys(cols["indicators"]), currency)
    return df


def _units_of(names, currency="won"):
    """{indicator: unit} of the national indicators among ``names`` (the registry's, money in ``currency``)."""
    return {n: _unit_attrs(n, "aggregate", currency).get("unit", "") for n in names}


def concat(frames, **kwargs):
    """pandas.concat of lightind frames (series, compare, bands, explain, events) that keeps
    every categorical column categorical: categories are united first (pandas.concat turns a
    column whose categories differ between frames, such as ``scenario``, into plain objects).
    ``attrs["units"]`` are merged."""
    frames = list(frames)
    if not frames:
        raise ValueError("concat needs at least one frame")
    cats = {}
    for f in frames:
        for c in f.columns:
            if isinstance(f[c].dtype, pd.CategoricalDtype):
                cats.setdefault(c, [])
                seen = set(cats[c])
                cats[c].extend(x for x in f[c].cat.categories if x not in seen)
    fixed = []
    for f in frames:
        g = f.copy()
        for c, categories in cats.items():
            if c in g.columns:
                g[c] = pd.Categorical(g[c].astype(object), categories=categories)
        fixed.append(g)
    out = pd.concat(fixed, **kwargs)
    units = {}
    for f in frames:
        units.update(f.attrs.get("units", {}))
    out.attrs = {"units": units} if units else {}
    return out


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
    currency = property(lambda self: self.summary.get("currency", "won"))  # the scenario's, for units

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
        series.csv prints 10 significant digits); then level (national, sector or region:
        filter on it before a pivot, which would otherwise average the national total with
        its regions) and unit (the indicator registry's). The indicator column's categories
        are every indicator of the registry, the same in every run, so that pandas.concat
        keeps it categorical (lightind.concat keeps every categorical column).
        """
        if self._series is None:
            self._series = series_frame(self.columns, self.scenario, self.seed, self.currency)
        return self._series

    @property
    def summary(self):
        """summary.json as a dict: scenario, title, seed, version, commit, start, end,
        currency, units {indicator: unit in that currency}, years {"YYYY": {indicator: annual mean}}, final {indicator: last value}."""
        if self._summary is None:
            self._summary = json.loads(self._h.summary_json())
        return self._summary

    @property
    def events(self):
        """The run's dated events: date, kind, subject, text (in the order they happened),
        scenario; kind, subject and scenario are categoricals."""
        if self._events is None:
            c = self._h.event_columns()
            self._events = pd.DataFrame(
                {
                    "date": month_dates(c["month"]),
                    "kind": pd.Categorical(c["kind"]),
                    "subject": pd.Categorical(c["subject"]),
                    "text": c["text"],
                    "scenario": pd.Categorical([self.scenario] * len(c["kind"]), categories=[self.scenario]),
                }
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
            if not mask.any():
                have = [
                    lv for lv, m in (("sector", (c["sector"] >= 0)), ("region", (c["region"] >= 0)))
                    if ((c["indicator"] == code) & m).any()
                ]
                raise KeyError(
                    f"indicator {name!r} has no {by} rows in this run (it is recorded "
                    + (f"by {' and by '.join(have)} and " if have else "")
                    + "for the whole economy: call indicator(name)"
                    + (f" or indicator(name, by={have[0]!r})" if have else "")
                    + ")"
                )
            names = np.asarray(c[by + "s"], dtype=object)
            frame = pd.DataFrame(
                {"date": month_dates(c["month"][mask]), by: names[c[by][mask]], "value": c["value"][mask]}
            )
            wide = frame.pivot(index="date", columns=by, values="value")
            wide.columns.name = by
            wide.attrs.update(_unit_attrs(name, by, self.currency))
            return wide
        s = -1 if sector is None else self._code("sectors", sector, "sector")
        r = -1 if region is None else self._code("regions", region, "region")
        mask &= (c["sector"] == s) & (c["region"] == r)
        out = pd.Series(c["value"][mask], index=pd.DatetimeIndex(month_dates(c["month"][mask]), name="date"), name=name)
        if out.empty:
            raise KeyError(f"indicator {name!r} has no rows for sector={sector!r}, region={region!r}")
        level = "sector" if sector is not None else "region" if region is not None else "aggregate"
        out.attrs.update(_unit_attrs(name, level, self.currency))
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
        out.attrs.update(_unit_attrs(name, "aggregate", self.currency))
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
    every scenario; ``years`` default to four years spread over the first scenario's run
    (from its second year to its last). Returns a DataFrame with
    the columns of compare.csv: scenario, indicator, year, value (the annual mean),
    difference (value minus the first scenario's; NaN for the first) and unit (in each
    scenario's ``scenario.currency``). ``df.attrs["table"]``
    holds the side-by-side table the command prints, ``df.attrs["seed"]`` the seed and
    ``df.attrs["units"]`` each indicator's unit (the indicator registry's).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    years = _years(years)
    if years:
        first = describe(paths[0], overrides)
        y0, y1 = int(first["start"][:4]), int(first["end"][:4])
        outside = [y for y in years if y < y0 or y > y1]
        if outside:
            raise ValueError(
                f"years: expected years of the run of {os.fspath(paths[0])} ({y0} to {y1}), found {outside[0]}"
            )
    cols, table, used_seed = _lightind.compare(
        [os.fspath(p) for p in paths],
        years=years,
        seed=_seed(seed),
        sets=override_list(overrides),
        threads=_threads(threads),
    )
    units = _units_of(dict.fromkeys(cols["indicator"]))
    df = pd.DataFrame(
        {
            "scenario": pd.Categorical(cols["scenario"], categories=list(dict.fromkeys(cols["scenario"]))),
            "indicator": pd.Categorical(cols["indicator"], categories=_all_indicator_names()),
            "year": np.asarray(cols["year"], dtype=np.int64),
            "value": cols["value"],
            "difference": cols["difference"],
            "unit": pd.Categorical(list(cols["unit"])),  # each scenario's currency (compare.csv's unit)
        }
    )
    df.attrs["table"] = table
    df.attrs["seed"] = used_seed
    df.attrs["units"] = units
    return df


def _years(years):
    """Years as a list of ints: None, one year (int or "2019") or an iterable of them;
    TypeError for anything else ("2015,2019" is split at the commas)."""
    if years is None:
        return []
    if isinstance(years, str):
        years = [y for y in years.split(",") if y.strip()]
    elif isinstance(years, (int, np.integer)):
        years = [years]
    out = []
    for y in years:
        if isinstance(y, str):
            y = y.strip()
            if not y.isdigit():
                raise TypeError(f"years: expected whole years such as 2019, found {y!r}")
            y = int(y)
        out.append(_whole("year", y))
    return out


def explain(a, b, indicator="living_standard_index", year=2019, seed=None, overrides=None, threads=0,
            exact_limit=8, orderings=64):
    """Why scenario ``b`` differs from scenario ``a`` in ``indicator`` (its annual mean in
    ``year``), as ``lightind explain``: the Shapley value of each setting that differs (a key
    whose value differs; an event, shock, sector... grouped by its id). Every combination of
    the settings is a scenario (``a`` with those settings of ``b``), run with one seed;
    exact for up to ``exact_limit`` settings, sampled over ``orderings`` random orderings
    above (``std_error`` > 0). The contributions add up to the difference.

    Returns a DataFrame, largest contribution first: setting, contribution (in the
    indicator's unit), std_error, share (of the difference), value_a, value_b (the setting
    in each scenario, as TOML), unit. ``attrs`` hold total, value_a, value_b, seed, exact,
    runs, table (the command's table) and units. Raises ValueError for an unknown indicator
    or a year outside the run, ScenarioError for a rejected scenario, before anything runs.
    """
    if _registry_entry(indicator) is None:
        names = [e["name"] for e in _registry()["indicators"] if e["level"] == "aggregate"]
        hint = difflib.get_close_matches(str(indicator), names, n=1)
        raise ValueError(
            f"indicator {indicator!r} is no national indicator" + (f' (did you mean "{hint[0]}"?)' if hint else "")
        )
    cols, info = _lightind.explain(
        os.fspath(a), os.fspath(b), str(indicator), _whole("year", year), seed=_seed(seed),
        sets=override_list(overrides), threads=_threads(threads), exact_limit=_whole("exact_limit", exact_limit),
        orderings=_whole("orderings", orderings),
    )
    total = info["value_b"] - info["value_a"]
    contribution = np.asarray(cols["contribution"], dtype=np.float64)
    df = pd.DataFrame(
        {
            "setting": pd.Categorical(cols["setting"], categories=list(cols["setting"])),
            "contribution": contribution,
            "std_error": np.asarray(cols["std_error"], dtype=np.float64),
            "share": contribution / total + 0.0 if total != 0 else np.full(len(contribution), np.nan),
            "value_a": list(cols["value_a"]),
            "value_b": list(cols["value_b"]),
            "unit": pd.Categorical([info["unit"]] * len(contribution)),
        }
    )
    df.attrs.update({k: info[k] for k in info})
    df.attrs["total"] = total
    df.attrs["units"] = {info["indicator"]: info["unit"]}
    return df
