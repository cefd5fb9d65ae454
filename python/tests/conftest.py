"""Fixtures for the Python tests: the built package, the program beside it, scratch folders.

ctest runs these with PYTHONPATH set to the build's python/ folder, LIGHTIND_CLI set to
the program and LIGHTIND_TEST_TMP to the tests' scratch root (python/CMakeLists.txt). By
hand, from the repository root after `cmake --build --preset release`:

    PYTHONPATH=build/release/python /usr/bin/python3 -m pytest python/tests
"""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "scenarios" / "dprk-2013.toml"
COUNTERFACTUALS = [ROOT / "scenarios" / f"{n}.toml" for n in ("heavy-priority", "no-reform")]


def cli_path():
    p = os.environ.get("LIGHTIND_CLI") or str(ROOT / "build" / "release" / "lightind")
    if not pathlib.Path(p).is_file():
        pytest.exit(f"the lightind program is not built ({p}); set LIGHTIND_CLI", returncode=1)
    return p


def run_cli(*args, check=True):
    """Runs `lightind ARGS` from the repository root: a CompletedProcess with text output."""
    r = subprocess.run([cli_path(), *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"lightind {' '.join(map(str, args))} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def fresh_dir(name):
    """An empty folder $LIGHTIND_TEST_TMP/python/NAME (build/release/tests/tmp by default)."""
    root = pathlib.Path(os.environ.get("LIGHTIND_TEST_TMP") or ROOT / "build" / "release" / "tests" / "tmp")
    d = root / "python" / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


@pytest.fixture
def scratch(request):
    """A fresh folder for the running test."""
    name = request.node.name.replace("[", "_").replace("]", "").replace("/", "_")
    return fresh_dir(f"{request.node.module.__name__}.{name}")


@pytest.fixture(scope="session")
def lightind_module():
    import lightind

    # The package must be the built one (with its compiled core), not python/lightind.
    assert hasattr(lightind, "_lightind"), lightind.__file__
    return lightind


@pytest.fixture(scope="session")
def reference_run(lightind_module):
    """The reference scenario with its own seed, run once for the session."""
    return lightind_module.run(REFERENCE)


@pytest.fixture(scope="session")
def reference_cli():
    """`lightind run scenarios/dprk-2013.toml --out DIR`, run once: the folder DIR."""
    out = fresh_dir(f"session-{os.getpid()}") / "ref"
    run_cli("run", REFERENCE, "--out", out, "--quiet")
    return out
