"""Errors: the command line's messages as Python exceptions (mirrors
tests/cli/test_bad_input_cli.cpp and tests/scenario/test_bad_input.cpp)."""

import pytest

from conftest import REFERENCE, run_cli


def bad_copy(scratch, old, new):
    """The reference scenario with `old` replaced by `new`, written to scratch: (path, line of new)."""
    text = REFERENCE.read_text()
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    line = text[: text.index(new)].count("\n") + 1
    # extends and data files are resolved next to the file: keep it beside the original
    path = scratch / "bad.toml"
    path.write_text(text)
    return path, line


def test_unknown_key_raises_scenario_error_with_file_line_key(lightind_module, scratch):
    path, line = bad_copy(scratch, "labour_per_unit = 0.0776", "labour_per_unt = 0.0776")
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(path)
    err = e.value
    assert isinstance(err, ValueError)
    assert err.file == str(path)
    assert err.line == line
    assert err.key == "sectors.agriculture.labour_per_unt"
    assert str(err).startswith(f"{path}:{line}: sectors.agriculture.labour_per_unt: expected ")
    assert 'did you mean "labour_per_unit"' in str(err)
    # the program prints the same message
    r = run_cli("run", path, "--out", scratch / "out", check=False)
    assert r.returncode == 2
    assert f"lightind: scenario rejected: {err}\n" in r.stderr
    assert not (scratch / "out").exists()


def test_wrong_type_names_expected_and_found(lightind_module, scratch):
    path, line = bad_copy(scratch, "profit_levy = 0.3", 'profit_levy = "high"')
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(path)
    assert (e.value.line, e.value.key) == (line, "reform.profit_levy")
    assert (e.value.expected, e.value.found) == ("a number", 'a string "high"')
    r = run_cli("check", path, check=False)
    assert r.returncode == 2 and str(e.value) in r.stderr


def test_bad_override_names_set(lightind_module):
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(REFERENCE, overrides={"reform.profit_levy": "high"})
    assert e.value.file == "--set"
    assert e.value.key == "reform.profit_levy"
    r = run_cli("check", REFERENCE, "--set", "reform.profit_levy=high", check=False)
    assert r.returncode == 2 and str(e.value) in r.stderr


def test_unknown_override_key_suggests(lightind_module):
    with pytest.raises(lightind_module.ScenarioError, match='did you mean "reform.profit_levy"'):
        lightind_module.run(REFERENCE, overrides={"reform.profit_levi": 0.2})


def test_missing_file(lightind_module, scratch):
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.run(scratch / "nowhere.toml")
    assert e.value.file == str(scratch / "nowhere.toml")


def test_compare_rejects_before_running(lightind_module, scratch):
    path, line = bad_copy(scratch, "labour_per_unit = 0.0776", "labour_per_unit = -1.0")
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.compare([REFERENCE, path])
    assert (e.value.file, e.value.line) == (str(path), line)


def test_sweep_rejects_a_bad_setting_before_running(lightind_module):
    calls = []
    with pytest.raises(lightind_module.ScenarioError) as e:
        lightind_module.sweep(REFERENCE, runs=2, grid={"reform.profit_levy": [0.2, "x"]},
                              progress=lambda d, t: calls.append(d))
    assert e.value.key == "reform.profit_levy" and calls == []


def test_accounting_error_carries_month_account_amount(lightind_module):
    # The ledger balances in every shipped scenario, so the translation is checked with a
    # C++ AccountingError thrown on purpose by the compiled core.
    with pytest.raises(lightind_module.AccountingError) as e:
        lightind_module._lightind._throw_accounting_error(2015 * 12 + 6, "households.money", 12.5)
    assert isinstance(e.value, RuntimeError)
    assert (e.value.month, e.value.account, e.value.amount) == ("2015-07", "households.money", 12.5)
    assert str(e.value) == "accounting check failed in 2015-07: households.money is off by 12.5"


def test_bad_arguments(lightind_module):
    with pytest.raises(ValueError):
        lightind_module.run(REFERENCE, threads=-1)
    with pytest.raises(ValueError):
        lightind_module.run(REFERENCE, seed=-3)
    with pytest.raises(ValueError):
        lightind_module.sweep(REFERENCE, runs=0)
