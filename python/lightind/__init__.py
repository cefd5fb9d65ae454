"""lightind for notebooks: run the simulator and get its results as pandas data frames.

    import lightind
    ref = lightind.run("scenarios/dprk-2013.toml")
    ref.series                      # tidy: date, scenario, run, indicator, sector, region, value
    ref.indicator("living_standard_index")   # one indicator through time (pandas Series; attrs: unit, label)
    lightind.indicators()           # the indicator registry: name, label, unit, direction, ...
    ref.summary["final"]            # summary.json as a dict
    lightind.compare(["scenarios/dprk-2013.toml", "scenarios/heavy-priority.toml"])
    lightind.explain("scenarios/dprk-2013.toml", "scenarios/heavy-priority.toml")  # why they differ
    lightind.sweep("scenarios/dprk-2013.toml", runs=20, grid={"reform.profit_levy": [0.2, 0.4]})

The same engine as the ``lightind`` program (a compiled extension, ``lightind._lightind``),
with the same results for the same scenario, overrides and seed. See docs/PYTHON.md.
"""

from . import _lightind
from ._errors import AccountingError, ScenarioError
from ._run import LEVELS, Run, compare, concat, describe, explain, indicators, month_dates, override_list, run
from ._sweep import QUANTILES, bands, quantiles, sweep, sweep_seeds, sweep_settings

__version__ = _lightind.version()
source_commit = _lightind.source_commit()


def headline_indicators():
    """The headline indicators that compare() reports, in display order."""
    return list(_lightind.headline_indicators())


__all__ = [
    "AccountingError",
    "LEVELS",
    "QUANTILES",
    "Run",
    "ScenarioError",
    "bands",
    "compare",
    "concat",
    "describe",
    "explain",
    "headline_indicators",
    "indicators",
    "month_dates",
    "override_list",
    "quantiles",
    "run",
    "source_commit",
    "sweep",
    "sweep_seeds",
    "sweep_settings",
]
