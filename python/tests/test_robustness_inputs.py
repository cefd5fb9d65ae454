"""Issue 10, part B, through the Python module (mirrors tests/robustness/test_inputs.cpp):
deep nesting, plan.target_weight, seed types and the number of runs of a sweep."""

import pytest

from conftest import REFERENCE


def test_d2_deep_nesting_raises_scenario_error(lightind_module, scratch):
    path = scratch / "deep.toml"
    path.write_text("a" + ".a" * 20000 + " = 1\n")
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(path)
    assert e.value.line == 1
    assert "expected tables and arrays nested at most 64 levels deep" in str(e.value)
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(REFERENCE, overrides=["scenario.title={" + ".".join(["a"] * 20000) + " = 1}"])
    assert e.value.file == "--set"


def test_d3_huge_target_weight_raises_scenario_error(lightind_module):
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(REFERENCE, overrides={"plan.target_weight": 1e17})
    assert e.value.key == "plan.target_weight"
    assert "expected a number in [0, 1000000], found 1e+17" in str(e.value)


def test_d11_seed_must_be_an_integer(lightind_module):
    for seed in (1.5, "7", True):
        with pytest.raises(TypeError, match="seed must be an integer"):
            lightind_module.run(REFERENCE, seed=seed)
    for seed in (-1, 2**64):
        with pytest.raises(ValueError, match="seed must be an integer from 0 to 2\\^64 - 1"):
            lightind_module.run(REFERENCE, seed=seed)
    with pytest.raises(TypeError, match="threads must be an integer"):
        lightind_module.run(REFERENCE, threads="two")


def test_d11_runs_bounded(lightind_module):
    with pytest.raises(ValueError, match="runs must be an integer from 1 to 10000000, found 1000000000"):
        lightind_module.sweep(REFERENCE, runs=10**9)
    with pytest.raises(TypeError, match="runs must be an integer"):
        lightind_module.sweep(REFERENCE, runs=2.5)
    with pytest.raises(ValueError, match="at most 10000000 runs"):
        lightind_module.sweep(REFERENCE, runs=6_000_000, grid={"reform.profit_levy": [0.2, 0.4]})
    with pytest.raises(ValueError):
        lightind_module.sweep_seeds(1, 10**9)
