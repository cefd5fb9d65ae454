"""lightind.sweep and lightind.bands: quantiles computed by hand on tiny ensembles (mirrors
the C++ sweep tests of issue 5: bands on a tiny ensemble equal values computed by hand)."""

import csv
import math

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, run_cli

# A short reference case keeps the ensembles fast: 2012-01 .. 2013-12.
SHORT = {"scenario.end": "2013-12"}


def hand_quantile(values, q):
    """Hyndman and Fan's type 7 (numpy's "linear"), written out: h = (n - 1) q."""
    x = sorted(v for v in values if not math.isnan(v))
    if not x:
        return math.nan
    h = (len(x) - 1) * q
    i = math.floor(h)
    if i + 1 >= len(x):
        return x[-1]
    return x[i] + (h - i) * (x[i + 1] - x[i])


def test_quantiles_of_one_to_four(lightind_module):
    got = lightind_module.quantiles([4.0, 1.0, 3.0, 2.0])
    # h = 3q: p5 -> 1 + 0.15, p25 -> 1 + 0.75, p50 -> 2 + 0.5, p75 -> 3 + 0.25, p95 -> 3 + 0.85
    assert got.tolist() == pytest.approx([1.15, 1.75, 2.5, 3.25, 3.85], abs=1e-15)
    assert list(lightind_module.QUANTILES) == ["p5", "p25", "p50", "p75", "p95"]
    # NaN values are left out; all-NaN gives NaN
    assert lightind_module.quantiles([1.0, math.nan, 3.0]).tolist() == pytest.approx([1.1, 1.5, 2.0, 2.5, 2.9])
    assert np.isnan(lightind_module.quantiles([math.nan, math.nan])).all()


def test_seeds_are_splitmix64(lightind_module):
    # SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (Steele, Lea and Flood 2014;
    # the reference outputs of Vigna's splitmix64.c), shifted right by one bit as the
    # program's sweep::derive_seed.
    assert lightind_module.sweep_seeds(0, 1) == [0xE220A8397B1DCDAF >> 1]
    s = lightind_module.sweep_seeds(20130318, 5)
    assert s == lightind_module.sweep_seeds(20130318, 8)[:5]
    assert len(set(s)) == 5 and all(0 < x < 2**63 for x in s)


def test_settings_are_the_grid_product(lightind_module):
    st = lightind_module.sweep_settings({"a.x": [1, 2], "b.y": [0.5, True], "c.z": ["q"]})
    assert [label for label, _ in st] == ["a.x=1;b.y=0.5", "a.x=1;b.y=true", "a.x=2;b.y=0.5", "a.x=2;b.y=true"]
    assert st[3][1] == ["a.x=2", "b.y=true", "c.z=q"]  # a key with one value applies to all, unnamed
    assert lightind_module.sweep_settings(None) == [("default", [])]
    assert lightind_module.sweep_settings({"c.z": 3}) == [("default", ["c.z=3"])]
    with pytest.raises(ValueError, match="repeats"):
        lightind_module.sweep_settings({"a.x": [1, 1]})


def test_quantiles_are_the_type7_formula_to_the_last_bit(lightind_module):
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=(7, 300)) * 1e3
    x[2, :50] = np.nan
    x[5, 40:60] = np.inf  # non-finite values are left out, as NULL in the database
    got = lightind_module.quantiles(x)
    for col in range(x.shape[1]):
        for k, q in enumerate(lightind_module.QUANTILES.values()):
            assert got[k, col] == hand_quantile([v for v in x[:, col] if math.isfinite(v)], q)
    # numpy's own "linear" method agrees to rounding (it interpolates from the upper end for h - i >= 0.5)
    finite = np.where(np.isfinite(x), x, np.nan)
    np.testing.assert_allclose(got, np.nanquantile(finite, list(lightind_module.QUANTILES.values()), axis=0), rtol=1e-14)


def synthetic(values_per_run, with_extra=None):
    """Column dicts of tiny fake runs: two months x (one aggregate, one sector row)."""
    out = []
    for k, vals in enumerate(values_per_run):
        cols = {
            "month": np.array([24144, 24144, 24145, 24145], dtype=np.int32),
            "indicator": np.array([0, 1, 0, 1], dtype=np.int16),
            "sector": np.array([-1, 0, -1, 0], dtype=np.int16),
            "region": np.array([-1, -1, -1, -1], dtype=np.int16),
            "value": np.array(vals, dtype=np.float64),
            "indicators": ["a", "b"],
            "sectors": ["food"],
            "regions": ["north"],
        }
        if with_extra is not None and k == with_extra:  # one run has a row the others lack
            for c, v in (("month", 24145), ("indicator", 2), ("sector", -1), ("region", 0), ("value", 99.0)):
                cols[c] = np.append(cols[c], np.array(v, dtype=cols[c].dtype))
            cols["indicators"] = ["a", "b", "c"]
        out.append(cols)
    return out


RUNS = [[1.0, 10.0, 5.0, 0.0], [2.0, 30.0, 6.0, 0.0], [4.0, 20.0, math.nan, 0.0], [3.0, 40.0, 8.0, 0.0]]


@pytest.mark.parametrize("extra", [None, 1])
def test_bands_by_hand_on_a_tiny_ensemble(lightind_module, extra):
    b = lightind_module.bands(synthetic(RUNS, extra), setting="s")
    assert list(b.columns) == ["setting", "date", "indicator", "sector", "region", "quantile", "value", "level", "unit"]
    got = {
        (r.date.strftime("%Y-%m"), r.indicator, None if pd.isna(r.sector) else r.sector,
         None if pd.isna(r.region) else r.region, r.quantile): r.value
        for r in b.itertuples()
    }
    keys = [("2012-01", "a", None, None), ("2012-01", "b", "food", None), ("2012-02", "a", None, None),
            ("2012-02", "b", "food", None)]
    for row, key in enumerate(keys):
        for qname, q in lightind_module.QUANTILES.items():
            want = hand_quantile([run[row] for run in RUNS], q)
            assert got[key + (qname,)] == pytest.approx(want, abs=1e-12), (key, qname)
    # by hand, for the record: the first row 1,2,4,3 gives p50 2.5; the third 5,6,8 gives p5 5.1
    assert got[("2012-01", "a", None, None, "p50")] == pytest.approx(2.5)
    assert got[("2012-02", "a", None, None, "p5")] == pytest.approx(5.1)
    if extra is not None:  # a row in one run only: every quantile is its value
        for qname in lightind_module.QUANTILES:
            assert got[("2012-02", "c", None, "north", qname)] == 99.0
        assert len(b) == 5 * 5
    else:
        assert len(b) == 4 * 5


def test_sweep_bands_are_the_quantiles_of_its_runs(lightind_module):
    grid = {"reform.profit_levy": [0.2, 0.6]}
    b = lightind_module.sweep(REFERENCE, runs=3, seed=5, grid=grid, overrides=SHORT, threads=2)
    seeds = lightind_module.sweep_seeds(5, 3)
    assert b.attrs["seeds"] == seeds
    assert list(b.setting.cat.categories) == ["reform.profit_levy=0.2", "reform.profit_levy=0.6"]
    assert b.date.max() == pd.Timestamp("2013-12-01")
    for levy in (0.2, 0.6):
        runs = [lightind_module.run(REFERENCE, seed=s, overrides={**SHORT, "reform.profit_levy": levy}) for s in seeds]
        label = f"reform.profit_levy={levy}"
        for name in ("living_standard_index", "gdp_real", "market_price_level"):
            series = [r.indicator(name) for r in runs]
            sel = b[(b.setting == label) & (b.indicator == name) & b.sector.isna() & b.region.isna()]
            assert len(sel) == 24 * 5
            for date, values in pd.concat(series, axis=1).iterrows():
                for qname, q in lightind_module.QUANTILES.items():
                    got = sel[(sel.date == date) & (sel["quantile"] == qname)].value.item()
                    assert got == pytest.approx(hand_quantile(list(values), q), rel=1e-12, abs=1e-300), (label, name, date, qname)
    # the seeds differ, so the bands have width; the settings differ, so the medians do
    med = b[(b.indicator == "market_price_level") & (b["quantile"] == "p50") & b.sector.isna() & b.region.isna()]
    lo = b[(b.indicator == "market_price_level") & (b["quantile"] == "p5") & b.sector.isna() & b.region.isna()]
    hi = b[(b.indicator == "market_price_level") & (b["quantile"] == "p95") & b.sector.isna() & b.region.isna()]
    assert (hi.value.to_numpy() >= lo.value.to_numpy()).all() and (hi.value.to_numpy() > lo.value.to_numpy()).any()
    by = med.groupby("setting", observed=True).value.sum()
    assert by.iloc[0] != by.iloc[1]


def test_sweep_is_deterministic_whatever_the_threads(lightind_module):
    done = []
    a = lightind_module.sweep(REFERENCE, runs=3, seed=9, overrides=SHORT, threads=1, progress=lambda d, t: done.append((d, t)))
    b = lightind_module.sweep(REFERENCE, runs=3, seed=9, overrides=SHORT, threads=3)
    assert done == [(1, 3), (2, 3), (3, 3)]
    assert a.setting.unique().tolist() == ["default"]
    pd.testing.assert_frame_equal(a, b)


def test_sweep_is_the_programs_bands_csv(lightind_module, scratch):
    """Against `lightind sweep` once the program has it (issue 5); skipped before."""
    if "\n  sweep " not in run_cli("--help").stdout:
        pytest.skip("this lightind has no sweep command")
    grid = {"reform.profit_levy": [0.2, 0.6]}
    b = lightind_module.sweep(REFERENCE, runs=3, seed=5, grid=grid, overrides=SHORT, threads=2)
    run_cli("sweep", REFERENCE, "--runs", 3, "--seed", 5, "--set", "scenario.end=2013-12",
            "--set", "reform.profit_levy=0.2,0.6", "--out", scratch / "sw", "--threads", 2, "--breakdowns")
    with open(scratch / "sw" / "bands.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(b.columns)[:7]
    assert len(rows) - 1 == len(b)
    dates = b.date.dt.strftime("%Y-%m").tolist()
    cols = {c: b[c].astype(object).where(b[c].notna(), "").tolist() for c in ("setting", "indicator", "sector", "region", "quantile")}
    values = b.value.tolist()
    for k, row in enumerate(rows[1:]):
        assert row[:6] == [cols["setting"][k], dates[k], cols["indicator"][k], cols["sector"][k], cols["region"][k],
                           cols["quantile"][k]], k
        assert (row[6] == "" and math.isnan(values[k])) or float(row[6]) == values[k], (k, row, values[k])
