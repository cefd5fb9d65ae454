"""The traps a notebook user fell into (issue 15 point 8), one test each: a ``level`` column
that keeps a pivot from mixing national and regional rows, units on every frame,
categorical columns through concatenation, errors instead of empty frames, pandas
Timestamps in overrides, ``progress=True`` over several runs, and lightind.explain."""

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, ROOT

SHORT = {"scenario.end": "2014-12", "households.scale": 2000}
HEAVY = ROOT / "scenarios" / "heavy-priority.toml"


@pytest.fixture(scope="module")
def short_run(lightind_module):
    return lightind_module.run(REFERENCE, overrides=SHORT)


def test_level_column_keeps_a_pivot_from_mixing_levels(short_run):
    df = short_run.series
    assert list(df["level"].cat.categories) == ["national", "sector", "region"]
    light = df[(df.indicator == "light_output")]
    # The national rows alone give the aggregate; the old trap averaged it with the regions.
    national = light[light.level == "national"].pivot_table(index="date", values="value", aggfunc="mean", observed=True)
    assert np.allclose(national["value"].to_numpy(), short_run.indicator("light_output").to_numpy())
    regions = light[light.level == "region"]
    assert len(regions) > 0 and regions["region"].notna().all() and regions["sector"].isna().all()
    assert (light[light.level == "national"]["region"].isna()).all()
    # The regional values are smaller than the national total: a mixed mean would be below it.
    assert national["value"].mean() > regions.groupby("date", observed=True)["value"].mean().mean()


def test_units_on_every_frame(lightind_module, short_run):
    df = short_run.series
    gdp = df[(df.indicator == "gdp_real") & (df.level == "national")]
    assert set(gdp["unit"].astype(str)) == {"won/month at opening state prices"}
    assert df.attrs["units"]["gdp_real"] == "won/month at opening state prices"
    assert df["unit"].notna().all()
    cmp = lightind_module.compare([REFERENCE, REFERENCE], years=[2013], overrides=SHORT)
    assert (cmp[cmp.indicator == "gdp_real"]["unit"].astype(str) == "won/month at opening state prices").all()
    bands = lightind_module.sweep(REFERENCE, runs=2, overrides=SHORT)
    assert "unit" in bands.columns and "level" in bands.columns
    assert bands.attrs["units"]["living_standard_index"] == "index, first year = 100"


def test_categorical_columns_kept_through_concatenation(lightind_module, short_run):
    other = lightind_module.run(REFERENCE, overrides={**SHORT, "scenario.name": "other"})
    both = pd.concat([short_run.series, other.series])
    for col in ("indicator", "level"):  # the same categories in every run's frame
        assert isinstance(both[col].dtype, pd.CategoricalDtype), col
    kept = lightind_module.concat([short_run.series, other.series])
    for col in ("scenario", "indicator", "level", "sector", "region", "unit"):
        assert isinstance(kept[col].dtype, pd.CategoricalDtype), col
    assert list(kept["scenario"].cat.categories) == ["dprk-2013", "other"]
    assert len(kept) == len(short_run.series) + len(other.series)
    ev = lightind_module.concat([short_run.events, other.events])
    assert isinstance(ev["kind"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["scenario"].dtype, pd.CategoricalDtype)


def test_errors_not_empty_frames(lightind_module, short_run):
    with pytest.raises(KeyError, match="has no region rows"):
        short_run.indicator("output", by="region")
    with pytest.raises(KeyError, match="did you mean"):
        short_run.indicator("living_standard_idx")
    with pytest.raises(ValueError, match=r"years: expected years of the run .* \(2012 to 2014\), found 2015"):
        lightind_module.compare([REFERENCE], years="2015", overrides=SHORT)
    with pytest.raises(ValueError, match="found 2030"):
        lightind_module.compare([REFERENCE], years=[2013, 2030], overrides=SHORT)
    one = lightind_module.compare([REFERENCE], years="2013", overrides=SHORT)
    assert set(one["year"]) == {2013}


def test_timestamp_in_overrides(lightind_module):
    assert lightind_module.override_list({"scenario.end": pd.Timestamp("2014-06-01")}) == ["scenario.end=2014-06"]
    assert lightind_module.override_list({"reform.start": np.datetime64("2015-03")}) == ["reform.start=2015-03"]
    d = lightind_module.describe(REFERENCE, overrides={"scenario.end": pd.Timestamp("2014-06-30")})
    assert d["end"] == "2014-06"


def test_progress_true_over_several_runs(lightind_module, capsys):
    b = lightind_module.sweep(REFERENCE, runs=3, overrides=SHORT, progress=True, threads=2)
    err = capsys.readouterr().err
    assert "sweep: 3/3 runs" in err and "sweep: 1/3 runs" in err
    assert len(b) > 0
    with pytest.raises(TypeError, match="progress"):
        lightind_module.sweep(REFERENCE, runs=1, overrides=SHORT, progress="yes")


def test_whole_timeline_knob_in_python(lightind_module):
    d = lightind_module.describe(REFERENCE, overrides={"policy.light_investment_share": 0.4})
    assert d["name"] == "dprk-2013"
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.describe(REFERENCE, overrides={"policy.investment_share.light": 0.4})
    assert e.value.file == "--set"
    assert "policy.light_investment_share=0.4" in str(e.value)


def test_explain_adds_up(lightind_module):
    df = lightind_module.explain(REFERENCE, HEAVY, "living_standard_index", 2014, overrides=SHORT)
    assert list(df.columns) == ["setting", "contribution", "std_error", "share", "value_a", "value_b", "unit"]
    assert set(df["setting"]) == {
        "policy.events.new_year_address_2013", "policy.events.light_industry_conference",
        "policy.events.new_strategic_line_2018", "policy.events.five_year_plan_2021"}
    assert df["contribution"].sum() == pytest.approx(df.attrs["total"], abs=1e-9)
    assert df.attrs["runs"] == 16 and df.attrs["exact"]
    # Events after the end of the run change nothing.
    assert df.set_index("setting").loc["policy.events.five_year_plan_2021", "contribution"] == 0
    with pytest.raises(ValueError, match="did you mean"):
        lightind_module.explain(REFERENCE, HEAVY, "living_standard_idx", 2014, overrides=SHORT)
    with pytest.raises(ValueError, match="expected a year of the run"):
        lightind_module.explain(REFERENCE, HEAVY, "living_standard_index", 2019, overrides=SHORT)
