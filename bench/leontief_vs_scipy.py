#!/usr/bin/python3
"""Leontief solves, lightind against scipy, on the same matrix, back to back (issue 16).

For each N: `lightind gen-economy` writes the economy (A, d; K = 15, seed 1) to economy.bin;
then, alternating, R times each: bench/lightind_leontief_solve (Gauss-Seidel, the default, and
BiCGSTAB with the diagonal preconditioner) and scipy.sparse.linalg.bicgstab on M = I - A (built
once, outside the timing) in this process. Every solve stops at a relative L1 a-posteriori bound
of 1e-10: ||x - x*||_1 <= ||d - (I - A) x||_1 / (1 - ||A||_1) (scipy's tol is tightened until its
x meets the same bound; the time reported is of the one solve from zero at the final tol).
Timings are the solver's own (no file reading), medians of R runs, one thread each (and lightind BiCGSTAB on 2)
(OMP/OPENBLAS threads 1 for scipy). Prints a table and writes it to bench/results/.

Usage: /usr/bin/python3 bench/leontief_vs_scipy.py [--reps R] [--out FILE] [--timeout S] [N ...]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import scipy.sparse.linalg as spla  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT
BIN = os.path.join(ROOT, "build", "release", "lightind")
SOLVE = os.path.join(ROOT, "build", "release", "bench", "lightind_leontief_solve")
TOL = 1e-10


def read_economy(path):
    with open(path, "rb") as f:
        raw = f.read()
    assert raw[:8] == b"LIECON01", path
    n = int(np.frombuffer(raw, np.int32, 1, 8)[0])
    nnz = int(np.frombuffer(raw, np.int64, 1, 16)[0])
    o = 32
    ptr = np.frombuffer(raw, np.int64, n + 1, o); o += 8 * (n + 1)
    idx = np.frombuffer(raw, np.int32, nnz, o); o += 4 * nnz
    val = np.frombuffer(raw, np.float64, nnz, o); o += 8 * nnz
    d = np.frombuffer(raw, np.float64, n, o)
    return sp.csr_matrix((val, idx, ptr), shape=(n, n)), d.copy()


def bound(m, d, x, alpha):
    return np.abs(d - m @ x).sum() / (1.0 - alpha) / np.abs(x).sum()


def scipy_solve(m, d, alpha):
    """scipy's BiCGSTAB from zero at tol (||r||_2 <= tol ||d||_2), tightened until the L1 bound holds."""
    tol = TOL * (1.0 - alpha)
    for _ in range(8):
        t0 = time.perf_counter()
        try:
            x, info = spla.bicgstab(m, d, rtol=tol, atol=0.0)
        except TypeError:  # scipy < 1.12 names it tol
            x, info = spla.bicgstab(m, d, tol=tol, atol=0.0)
        s = time.perf_counter() - t0
        b = bound(m, d, x, alpha)
        if b <= TOL:
            return s, b, x, tol, info
        tol *= max(1e-3, 0.5 * TOL / b)
    return s, b, x, tol, info


def run_cpp(econ, methods, xfile, timeout, threads=1):
    out = subprocess.run([SOLVE, econ, "--methods", methods, "--tol", str(TOL), "--x", xfile, "--threads", str(threads)],
                         capture_output=True, text=True, timeout=timeout, check=True).stdout
    rows = {}
    for line in out.splitlines():
        f = line.split()
        kv = dict(zip(f[0::2], f[1::2]))
        rows[kv["method"]] = (float(kv["seconds"]), int(kv["iterations"]), float(kv["bound"]), float(kv["alpha"]))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300.0)
    a, sizes, rep = benchlib.start(ap, "leontief-scipy", [10000, 100000, 1000000])
    emit = rep.emit

    emit("Leontief solves x = (I - A)^-1 d to a relative L1 a-posteriori bound of 1e-10, lightind against scipy,")
    emit("same matrix (lightind gen-economy, K = 15, seed 1), alternating back to back, one thread each (BiCG2: two);")
    emit(f"seconds = median of {a.reps} solves (solver only, set-up such as building I - A included for lightind); GS = lightind Gauss-Seidel, BiCG = lightind")
    emit("BiCGSTAB + Jacobi preconditioner (fused kernels; the default), one thread; BiCG2 = the same on 2 threads; scipy = scipy.sparse.linalg.bicgstab on I - A (CSR, no")
    emit("preconditioner); it = iterations (GS: sweeps; BiCGSTAB: two products each); bound = relative L1 bound;")
    emit("|GS-sp| = relative L1 difference of the GS and scipy solutions; sp/X = scipy seconds / X seconds.")
    rep.machine(f"scipy {scipy.__version__}, numpy {np.__version__}")
    head = f"{'N':>9} {'GS s':>8} {'GS it':>5} {'GS bnd':>8} {'BiCG s':>8} {'BiCG it':>7} {'BiCG bnd':>8} {'BiCG2 s':>8} {'scipy s':>8} {'sp bnd':>8} {'sp tol':>8} {'|GS-sp|':>8} {'sp/GS':>8} {'sp/BiCG':>8} {'sp/BiCG2':>8} {'load':>5}"
    for tmp, n in rep.sizes(head, sizes):
        d_ = os.path.join(tmp, f"e{n}")
        subprocess.run([BIN, "gen-economy", "--products", str(n), "--inputs-per-product", "15", "--seed", "1",
                        "--out", d_], check=True, capture_output=True, timeout=a.timeout)
        econ = os.path.join(d_, "economy.bin")
        m0, d = read_economy(econ)
        m = (sp.identity(n, format="csr") - m0).tocsr()
        alpha = float(np.abs(m0).sum(axis=0).max())
        gs, bi, bi2, sc = [], [], [], []
        xfile = os.path.join(tmp, "x.bin")
        for _ in range(a.reps):
            rows = run_cpp(econ, "gs,bicgstab", xfile, a.timeout)
            gs.append(rows["gs"])
            bi.append(rows["bicgstab"])
            bi2.append(run_cpp(econ, "bicgstab", os.path.join(tmp, "x2.bin"), a.timeout, threads=2)["bicgstab"])
            sc.append(scipy_solve(m, d, alpha))
        xg = np.fromfile(xfile, np.float64)
        xs = sc[-1][2]
        diff = np.abs(xg - xs).sum() / np.abs(xs).sum()
        g = statistics.median(r[0] for r in gs)
        b = statistics.median(r[0] for r in bi)
        b2 = statistics.median(r[0] for r in bi2)
        s = statistics.median(r[0] for r in sc)
        emit(f"{n:>9} {g:>8.3f} {gs[0][1]:>5} {max(r[2] for r in gs):>8.1e} {b:>8.3f} {bi[0][1]:>7} "
             f"{max(r[2] for r in bi):>8.1e} {b2:>8.3f} {s:>8.3f} {max(r[1] for r in sc):>8.1e} {sc[-1][3]:>8.1e} {diff:>8.1e} "
             f"{s / g:>7.2f}x {s / b:>7.2f}x {s / b2:>7.2f}x {os.getloadavg()[0]:>5.2f}")
        del m, m0
    rep.write("leontief_vs_scipy.py")


if __name__ == "__main__":
    main()
