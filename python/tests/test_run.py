"""lightind.run against the program: the same series, summary and events as `lightind run`
(mirrors tests/cli/test_run_cli.cpp and tests/results/)."""

import json
import math
import sqlite3

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, run_cli


def g10(v):
    """A value as series.csv prints it (%.10g; 0 as "0"; empty when not finite)."""
    if not math.isfinite(v):
        return ""
    if v == 0:
        return "0"
    return "%.10g" % v


def csv_lines(df):
    """The data frame written as series.csv's lines (without the header)."""
    dates = df["date"].dt.strftime("%Y-%m").to_numpy()
    cols = [df[c].astype(object).where(df[c].notna(), "").to_numpy() for c in ("scenario", "indicator", "sector", "region")]
    runs = df["run"].to_numpy()
    values = df["value"].to_numpy()
    return [
        f"{dates[k]},{cols[0][k]},{runs[k]},{cols[1][k]},{cols[2][k]},{cols[3][k]},{g10(values[k])}"
        for k in range(len(df))
    ]


def test_series_is_the_programs_series_csv(reference_run, reference_cli):
    df = reference_run.series
    # series.csv's columns, then level and unit (issue 15 point 8)
    assert list(df.columns) == ["date", "scenario", "run", "indicator", "sector", "region", "value", "level", "unit"]
    text = (reference_cli / "series.csv").read_text().splitlines()
    assert text[0] == "date,scenario,run,indicator,sector,region,value"
    assert len(df) == len(text) - 1 > 10000
    lines = csv_lines(df)
    mismatched = [(k, a, b) for k, (a, b) in enumerate(zip(lines, text[1:])) if a != b]
    assert not mismatched, mismatched[:5]


def test_series_frame_equals_pandas_reading_series_csv(reference_run, reference_cli):
    want = pd.read_csv(reference_cli / "series.csv", parse_dates=["date"])
    got = reference_run.series
    assert (got["date"].to_numpy() == want["date"].to_numpy()).all()
    for c in ("scenario", "indicator", "sector", "region"):
        a = got[c].astype(object).to_numpy()
        b = want[c].astype(object).to_numpy()
        same = [(x == y) or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b)]
        assert all(same), c
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    np.testing.assert_allclose(got["value"].to_numpy(), want["value"].to_numpy(), rtol=6e-10, atol=0, equal_nan=True)


def test_run_attributes(reference_run):
    assert reference_run.scenario == "dprk-2013"
    assert reference_run.seed == 20130318  # the scenario's seed
    assert (reference_run.start, reference_run.end) == ("2012-01", "2025-12")
    assert reference_run.series["run"].unique().tolist() == [20130318]
    assert reference_run.series["date"].min() == pd.Timestamp("2012-01-01")
    assert reference_run.series["date"].max() == pd.Timestamp("2025-12-01")
    assert "dprk-2013" in repr(reference_run)


def without_commit(summary):
    """summary.json less the source commit baked into each binary at configure time (the
    module and the program can be built at different commits of a working tree)."""
    return {k: v for k, v in summary.items() if k != "commit"}


def test_summary_is_the_programs_summary_json(lightind_module, reference_run, reference_cli):
    want = json.loads((reference_cli / "summary.json").read_text())
    assert without_commit(reference_run.summary) == without_commit(want)
    assert reference_run.summary["seed"] == 20130318
    assert reference_run.summary["commit"] == lightind_module.source_commit
    assert reference_run.summary["version"] == lightind_module.__version__


def test_events_are_the_programs_events(reference_run, reference_cli):
    db = sqlite3.connect(reference_cli / "results.sqlite")
    cols = [r[1] for r in db.execute("PRAGMA table_info(events)")]
    rows = db.execute("SELECT * FROM events").fetchall()
    db.close()
    assert len(rows) == len(reference_run.events) > 0
    ev = reference_run.events
    assert list(ev.columns) == ["date", "kind", "subject", "text", "scenario"]
    want = [dict(zip(cols, r)) for r in rows]
    for k, w in enumerate(want):
        assert ev["kind"][k] == w["kind"]
        assert ev["subject"][k] == w["subject"]
        assert ev["text"][k] == w["text"]


def test_indicator_and_annual_read_the_series(reference_run):
    s = reference_run.indicator("light_output_index")
    assert len(s) == 168
    df = reference_run.series
    rows = df[(df.indicator == "light_output_index") & df.sector.isna() & df.region.isna()]
    assert (s.to_numpy() == rows["value"].to_numpy()).all()
    # the index's base is the mean of the first twelve months (src/engine/run.cpp)
    assert s.iloc[:12].mean() == pytest.approx(100.0, rel=1e-12)
    annual = reference_run.annual("light_output_index")
    for year, v in annual.items():
        assert v == pytest.approx(reference_run.summary["years"][str(year)]["light_output_index"], rel=1e-12)


def test_indicator_breakdowns(reference_run):
    c = reference_run.columns
    sectors = list(c["sectors"])
    code = int(c["indicator"][c["sector"] >= 0][0])
    name = c["indicators"][code]
    by = reference_run.indicator(name, by="sector")
    assert by.shape[0] == 168 and set(by.columns) <= set(sectors)
    one = reference_run.indicator(name, sector=by.columns[0])
    assert (one.to_numpy() == by[by.columns[0]].to_numpy()).all()
    regions = reference_run.indicator("light_output", by="region")
    assert regions.shape == (168, 12)
    df = reference_run.series
    rows = df[(df.indicator == "light_output") & (df.region == "pyongyang")]
    assert (regions["pyongyang"].to_numpy() == rows.value.to_numpy()).all()
    with pytest.raises(KeyError, match="region 'atlantis'"):
        reference_run.indicator("light_output", region="atlantis")


def test_unknown_indicator_suggests(reference_run):
    with pytest.raises(KeyError, match='did you mean "light_output_index"'):
        reference_run.indicator("light_output_indx")


def test_save_writes_the_programs_run_folder(reference_run, reference_cli, scratch):
    reference_run.save(scratch / "ref")
    for f in ("series.csv", "accounts.csv"):
        assert (scratch / "ref" / f).read_bytes() == (reference_cli / f).read_bytes(), f
    saved = json.loads((scratch / "ref" / "summary.json").read_text())
    assert saved == reference_run.summary
    assert without_commit(saved) == without_commit(json.loads((reference_cli / "summary.json").read_text()))
    assert (scratch / "ref" / "results.sqlite").exists()


def test_same_seed_same_results_whatever_the_threads(lightind_module, reference_run):
    one = lightind_module.run(REFERENCE, threads=1)
    two = lightind_module.run(REFERENCE, seed=20130318, threads=2)
    a, b, c = reference_run.columns, one.columns, two.columns
    for k in ("month", "indicator", "sector", "region", "value"):
        assert np.array_equal(a[k], b[k], equal_nan=(k == "value")), k
        assert np.array_equal(a[k], c[k], equal_nan=(k == "value")), k


def test_seed_changes_results_as_the_programs_seed(lightind_module, scratch):
    r = lightind_module.run(REFERENCE, seed=7)
    assert r.seed == 7
    run_cli("run", REFERENCE, "--seed", 7, "--out", scratch / "s7", "--quiet")
    with open(scratch / "s7" / "series.csv") as f:
        text = f.read().splitlines()
    assert csv_lines(r.series) == text[1:]
    base = lightind_module.run(REFERENCE)
    assert not np.array_equal(base.columns["value"], r.columns["value"], equal_nan=True)


def test_check_runs_the_ledger_check(lightind_module):
    r = lightind_module.run(REFERENCE, check=True, threads=1)
    assert r.indicator("gdp_real").notna().all()
