"""Overrides: lightind.run(overrides=...) does what the program's --set does (mirrors
tests/scenario/test_loader.cpp's --set tests through the program)."""

import numpy as np
import pytest

from conftest import REFERENCE, run_cli
from test_run import csv_lines


def test_override_text_is_the_command_lines(lightind_module):
    sets = lightind_module.override_list(
        {"reform.profit_levy": 0.5, "reform.enabled": True, "reform.groups": ["light", "heavy"],
         "reform.phase_in_months": 12, "reform.start": "2014-01", "households.scale": 1e3}
    )
    assert sets == [
        "reform.profit_levy=0.5",
        "reform.enabled=true",
        'reform.groups=["light", "heavy"]',
        "reform.phase_in_months=12",
        "reform.start=2014-01",
        "households.scale=1000.0",
    ]
    assert lightind_module.override_list(["a=1", "b=x"]) == ["a=1", "b=x"]
    assert lightind_module.override_list(None) == []
    with pytest.raises(TypeError):
        lightind_module.override_list({"a": object()})


OVERRIDES = {"reform.profit_levy": 0.5, "reform.groups": ["light"], "reform.start": "2014-01"}


def test_overrides_give_the_programs_set_results(lightind_module, reference_run, scratch):
    r = lightind_module.run(REFERENCE, overrides=OVERRIDES)
    args = []
    for s in lightind_module.override_list(OVERRIDES):
        args += ["--set", s]
    run_cli("run", REFERENCE, *args, "--out", scratch / "set", "--quiet")
    text = (scratch / "set" / "series.csv").read_text().splitlines()
    assert csv_lines(r.series) == text[1:]
    # and they change the results
    a = reference_run.annual("light_output_index")
    b = r.annual("light_output_index")
    assert not np.allclose(a.to_numpy(), b.to_numpy())


def test_overrides_as_strings_equal_overrides_as_values(lightind_module):
    a = lightind_module.run(REFERENCE, overrides={"reform.profit_levy": 0.5}, threads=1)
    b = lightind_module.run(REFERENCE, overrides=["reform.profit_levy=0.5"], threads=1)
    assert np.array_equal(a.columns["value"], b.columns["value"], equal_nan=True)
