#!/usr/bin/python3
"""Plan LPs, lightind against HiGHS, on the same MPS file (issue 16).

For each N: `lightind plan-synthetic --products N --method none --mps FILE` writes the synthetic
plan LP (K = 15, seed 1) as free MPS; then each solver runs in its own process under a timeout:
  highs-ds, highs-ipm   scipy.optimize.linprog(method=...) on the LP read from that MPS file
                        (this script's reader: ROWS N/G/L/E, COLUMNS, RHS, RANGES, BOUNDS)
  auto, pdlp, clp       lightind plan-synthetic --method ... (the same LP, built by the generator
                        that wrote the MPS file; auto = the default, chosen by size)
PDLP stops at a relative gap and residuals of --tolerance (default 1e-4). Reported: the solver's
own seconds (HiGHS: linprog's call, MPS reading excluded), the objective and its distance from
HiGHS dual simplex's (else interior point's). Prints a table and writes it to bench/results/.

Usage: /usr/bin/python3 bench/plan_vs_highs.py [--timeout S] [--solvers LIST] [--tolerance T] [--out FILE] [N ...]
       /usr/bin/python3 bench/plan_vs_highs.py --highs METHOD FILE.mps     (one HiGHS run, used internally)
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT
BIN = os.path.join(ROOT, "build", "release", "lightind")


def read_mps(path):
    """Free MPS -> (c, A_ub, b_ub, A_eq, b_eq, bounds) for scipy.optimize.linprog (minimisation)."""
    import numpy as np
    import scipy.sparse as sp
    rows, kind, cols = {}, [], {}
    ri, ci, vals = [], [], []
    rhs, rng = {}, {}
    lo, hi = [], []
    obj_row = None
    c = []
    section = None
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                section = line.split()[0]
                continue
            t = line.split()
            if section == "ROWS":
                if t[0] == "N":
                    obj_row = t[1]
                else:
                    rows[t[1]] = len(kind)
                    kind.append(t[0])
            elif section == "COLUMNS":
                if "'MARKER'" in t:
                    continue
                j = cols.get(t[0])
                if j is None:
                    j = cols[t[0]] = len(c)
                    c.append(0.0)
                    lo.append(0.0)
                    hi.append(None)
                for k in range(1, len(t) - 1, 2):
                    if t[k] == obj_row:
                        c[j] = float(t[k + 1])
                    else:
                        ri.append(rows[t[k]])
                        ci.append(j)
                        vals.append(float(t[k + 1]))
            elif section == "RHS":
                for k in range(1, len(t) - 1, 2):
                    if t[k] in rows:
                        rhs[rows[t[k]]] = float(t[k + 1])
            elif section == "RANGES":
                for k in range(1, len(t) - 1, 2):
                    rng[rows[t[k]]] = float(t[k + 1])
            elif section == "BOUNDS":
                b, j = t[0], cols[t[2]]
                v = float(t[3]) if len(t) > 3 else 0.0
                if b == "UP":
                    hi[j] = v
                elif b == "LO":
                    lo[j] = v
                elif b == "FX":
                    lo[j] = hi[j] = v
                elif b == "FR":
                    lo[j], hi[j] = None, None
                elif b == "MI":
                    lo[j] = None
                elif b == "PL":
                    hi[j] = None
    m, n = len(kind), len(c)
    a = sp.csr_matrix((vals, (ri, ci)), shape=(m, n))
    ub_rows, ub_sign, ub_b, eq_rows, eq_b = [], [], [], [], []
    for i, k in enumerate(kind):
        r = rhs.get(i, 0.0)
        if k == "E" and i not in rng:
            eq_rows.append(i)
            eq_b.append(r)
            continue
        if k in ("L", "E"):
            up = r if k == "L" or rng.get(i, 0.0) <= 0 else r + abs(rng[i])
            low = r - abs(rng[i]) if i in rng and k == "L" else (r + rng[i] if k == "E" and rng.get(i, 0) < 0 else None)
            ub_rows.append(i); ub_sign.append(1.0); ub_b.append(up)
            if low is not None:
                ub_rows.append(i); ub_sign.append(-1.0); ub_b.append(-low)
        else:  # G
            ub_rows.append(i); ub_sign.append(-1.0); ub_b.append(-r)
            if i in rng:
                ub_rows.append(i); ub_sign.append(1.0); ub_b.append(r + abs(rng[i]))
    a_ub = sp.diags(ub_sign) @ a[ub_rows] if ub_rows else None
    a_eq = a[eq_rows] if eq_rows else None
    return (np.array(c), a_ub, np.array(ub_b) if ub_rows else None, a_eq, np.array(eq_b) if eq_rows else None,
            list(zip(lo, hi)))


def one_highs(method, path):
    from scipy.optimize import linprog
    c, a_ub, b_ub, a_eq, b_eq, bounds = read_mps(path)
    t0 = time.perf_counter()
    r = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method=method)
    s = time.perf_counter() - t0
    print(f"status: {'optimal' if r.status == 0 else r.message}")
    if r.status == 0:
        print(f"objective: {-r.fun:.12g}")
    print(f"iterations: {getattr(r, 'nit', '-')}")
    print(f"solve seconds: {s:.3f}")


def field(out, name):
    for line in out.splitlines():
        if line.startswith(name + ": "):
            return line[len(name) + 2:].strip()
    return None


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--highs":
        one_highs(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--solvers", default="highs-ds highs-ipm auto pdlp clp")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a, sizes, rep = benchlib.start(ap, "plan-highs", [1000, 10000, 100000])
    emit = rep.emit

    import scipy
    emit("Plan LPs of synthetic economies (K = 15, seed 1), lightind against HiGHS on the same MPS file; each solve")
    emit(f"its own process with a {a.timeout:.0f} s timeout. highs-ds / highs-ipm: scipy {scipy.__version__} linprog on the")
    emit("LP read from the MPS file (reading excluded); auto / pdlp / clp: lightind plan-synthetic --method ... on the")
    emit(f"same LP (auto = default, chosen by size); PDLP tolerance {a.tolerance:g} (relative gap and residuals), 2 threads.")
    emit("solve s: the solver's own seconds; vs ref: objective against highs-ds (else highs-ipm, else clp); load: 1-min.")
    rep.machine()
    head = f"{'N':>8} {'solver':<10} {'status':<34} {'solve s':>9} {'objective':>18} {'vs ref':>9} {'load':>5}"
    for tmp, n in rep.sizes(head, sizes):
        mps = os.path.join(tmp, f"plan-{n}.mps")
        subprocess.run([BIN, "plan-synthetic", "--products", str(n), "--inputs-per-product", "15", "--seed", "1",
                        "--method", "none", "--mps", mps], check=True, capture_output=True)
        res = []
        for s in a.solvers.split():
            load = os.getloadavg()[0]
            if s.startswith("highs"):
                cmd = [sys.executable, os.path.abspath(__file__), "--highs", s, mps]
            else:
                cmd = [BIN, "plan-synthetic", "--products", str(n), "--inputs-per-product", "15", "--seed", "1",
                       "--method", s, "--tolerance", str(a.tolerance), "--time-limit", str(a.timeout)]
            t0 = time.perf_counter()
            limit = a.timeout if s.startswith("highs") else a.timeout + 60  # lightind stops itself at --time-limit
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
                o = p.stdout
                status = field(o, "status") or f"failed (rc {p.returncode})"
                if s == "auto":
                    status = f"{status} [{field(o, 'method')}]"
                secs = field(o, "solve seconds")
                obj = field(o, "objective") if (field(o, "status") == "optimal") else None
            except subprocess.TimeoutExpired:
                status, secs, obj = f"killed at {limit:.0f} s (timeout)", None, None
            res.append((s, status, secs, obj, load, time.perf_counter() - t0))
            print(f"  {n} {s}: {status} {secs}", file=sys.stderr, flush=True)
        ref = None
        for want in ("highs-ds", "highs-ipm", "clp"):
            for s, _, _, obj, _, _ in res:
                if s == want and obj is not None and ref is None:
                    ref = float(obj)
        for s, status, secs, obj, load, _ in res:
            vs = "-" if obj is None or ref is None else f"{100 * (float(obj) - ref) / abs(ref):+.4f}%"
            emit(f"{n:>8} {s:<10} {status[:34]:<34} {secs or '-':>9} {obj or '-':>18} {vs:>9} {load:>5.2f}")
    rep.write("plan_vs_highs.py")


if __name__ == "__main__":
    main()
