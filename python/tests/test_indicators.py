"""The indicator registry in Python (issue 11): lightind.indicators(), units on the pandas
objects, and the one annual-mean rule shared with summary.json (mirrors
tests/indicators/test_registry.cpp and tests/analysis/test_annual_rule.cpp)."""

import json
import math

import pytest

from conftest import REFERENCE, run_cli

SHORT = {"scenario.end": "2013-12"}


def test_registry_is_the_programs(lightind_module):
    df = lightind_module.indicators()
    assert list(df.columns[:6]) == ["name", "level", "label", "unit", "direction", "over_time"]
    # the same table as `lightind docs indicators --json`
    cli = json.loads(run_cli("docs", "indicators", "--json").stdout)
    assert df.to_dict("records") == cli["indicators"]
    assert df.attrs["views"]["compare"] == lightind_module.headline_indicators()
    gdp = df[(df.name == "gdp_real") & (df.level == "aggregate")].iloc[0]
    assert (gdp.unit, gdp.label, gdp.direction, gdp.over_time) == (
        "won/month at opening state prices", "Real GDP", "higher", "sum")
    assert df[(df.name == "hardship_share") & (df.level == "aggregate")].direction.item() == "lower"


def test_units_are_in_the_scenarios_currency(lightind_module):
    run = lightind_module.run(REFERENCE, overrides={**SHORT, "scenario.currency": "dong"})
    assert run.currency == "dong" and run.summary["currency"] == "dong"
    assert run.indicator("gdp_real").attrs["unit"] == "dong/month at opening state prices"
    assert run.annual("gdp_real").attrs["unit"] == "dong/month at opening state prices"
    gdp = run.series[run.series.indicator == "gdp_real"]
    assert set(gdp["unit"].astype(str)) == {"dong/month at opening state prices"}
    assert run.series.attrs["units"]["gdp_real"] == "dong/month at opening state prices"
    cmp = lightind_module.compare([REFERENCE], overrides={**SHORT, "scenario.currency": "dong"}, years=[2013])
    assert set(cmp[cmp.indicator == "gdp_real"]["unit"].astype(str)) == {"dong/month at opening state prices"}


def test_every_indicator_of_a_run_has_a_unit(lightind_module):
    run = lightind_module.run(REFERENCE, overrides=SHORT)
    s = run.indicator("gdp_real")
    assert s.attrs == {"unit": "won/month at opening state prices", "label": "Real GDP"}
    assert run.indicator("output", sector="food").attrs["unit"] == "units/month"
    assert run.indicator("light_output", by="region").attrs["unit"] == "won/month at opening state prices"
    assert run.annual("market_price_level").attrs["unit"] == "index, opening prices = 100"
    df = lightind_module.indicators()
    aggregates = set(df[df.level == "aggregate"].name)
    families = [n.split("<group>")[0] for n in aggregates if "<group>" in n]
    for name in run.indicators:
        assert name in aggregates or any(name.startswith(f) for f in families) or name in set(df.name), name


def test_annual_means_are_summary_json_years(lightind_module):
    """Run.annual is the library's annual mean, the rule of summary.json's years."""
    run = lightind_module.run(REFERENCE, overrides=SHORT)
    years = run.summary["years"]
    checked = 0
    for name in run.indicators:
        try:
            a = run.annual(name)
        except KeyError:
            continue  # no aggregate rows
        for year, v in a.items():
            want = years[str(year)].get(name)
            if want is None:
                assert math.isnan(v), (name, year)
            else:
                assert v == want, (name, year)
            checked += 1
    assert checked > 2 * 60


def test_compare_carries_units(lightind_module):
    df = lightind_module.compare([REFERENCE], years=[2013], overrides=SHORT)
    assert df.attrs["units"]["gdp_real"] == "won/month at opening state prices"
    assert set(df.attrs["units"]) == set(df.indicator)


def test_sweep_stops_when_progress_raises(lightind_module):
    calls = []

    def progress(done, total):
        calls.append(done)
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        lightind_module.sweep(REFERENCE, runs=4, seed=3, overrides=SHORT, threads=1, progress=progress)
    assert calls == [1]


def test_sweep_rejects_a_key_in_overrides_and_grid(lightind_module):
    with pytest.raises(ValueError, match="each key in one --set only"):
        lightind_module.sweep(REFERENCE, runs=1, grid={"scenario.end": ["2013-06", "2013-12"]}, overrides=SHORT)
