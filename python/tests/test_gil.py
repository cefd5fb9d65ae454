"""The GIL is released while a scenario runs, and Ctrl-C stops a run between two months."""

import _thread
import threading
import time

import pytest

from conftest import REFERENCE

# 1:100 households: about three times the default run's work, so that it outlasts the timers.
BIGGER = {"households.scale": 100}


def test_other_python_threads_run_during_a_run(lightind_module):
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("run", lightind_module.run(REFERENCE, overrides=BIGGER, threads=1)))
    stamps = []
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
    t.join()
    run = result["run"]
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    # Had the run held the GIL, this thread would have stopped for the whole run.
    assert run.wall_seconds > 0.05
    assert max(gaps) < 0.5 * run.wall_seconds, (max(gaps), run.wall_seconds)


def test_ctrl_c_stops_a_run(lightind_module):
    timer = threading.Timer(0.05, _thread.interrupt_main)
    t0 = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        lightind_module.run(REFERENCE, overrides=BIGGER, threads=1)
    stopped = time.perf_counter() - t0
    timer.join()
    # the same run, uninterrupted, takes longer
    full = lightind_module.run(REFERENCE, overrides=BIGGER, threads=1)
    assert stopped < full.wall_seconds
