#!/usr/bin/env python3
"""Golden values for io.modelwatch.drift (CONTRACT.md section 3), computed with numpy/scipy.

Run from the repository root:  python3 tools/golden/drift_golden.py
Writes small JSON files to common/src/test/resources/drift/; the Java tests read them, so the build
needs no Python. Fixed seeds: rerunning gives the same files (with the same numpy/scipy versions).
A sample is stored as a plain list, or for large tied samples as {"v": distinct values, "c": counts}.
NaN is written as null.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.stats import _stats_py

OUT = os.path.join("common", "src", "test", "resources", "drift")
PSI_P = np.arange(1, 10) / 10.0


def r(x, digits=6):
    """Round to `digits` significant digits so the JSON stays small; golden values use the rounded data."""
    x = np.asarray(x, dtype=float)
    return np.array([float(f"{v:.{digits}g}") for v in x])


def nan_to_none(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return [nan_to_none(x) for x in v]
    if isinstance(v, (float, np.floating)) and math.isnan(v):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


def sample_json(x, compress):
    if compress:
        v, c = np.unique(x, return_counts=True)
        return {"v": v.tolist(), "c": c.tolist()}
    return np.asarray(x, dtype=float).tolist()


def psi_numpy(ref_counts, cur_counts):
    rp = ref_counts / ref_counts.sum()
    cp = cur_counts / cur_counts.sum()
    rp = np.where(ref_counts == 0, 0.0001, rp)
    cp = np.where(cur_counts == 0, 0.0001, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp)))


def numeric_case(name, ref, cur, compress=False):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    n, m = len(ref), len(cur)
    d = float(stats.ks_2samp(ref, cur).statistic)
    en = n * m / (n + m)
    case = {
        "name": name,
        "ref": sample_json(ref, compress),
        "cur": sample_json(cur, compress),
        "ks_d": d,
        "ks_p_kstwobign": float(stats.kstwobign.sf(d * math.sqrt(en))),
        # scipy's method='asymp' is kstwo.sf(d, round(en)), NaN where round(en) == 0
        "ks_p_scipy_asymp": nan_to_none(float(stats.ks_2samp(ref, cur, method="asymp").pvalue)),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "ref_mean": float(np.mean(ref)), "ref_std": float(np.std(ref)),
        "cur_mean": float(np.mean(cur)), "cur_std": float(np.std(cur)),
    }
    if n * m < 10000:
        case["ks_p_exact"] = float(stats.ks_2samp(ref, cur, method="exact").pvalue)
        case["ks_p_contract"] = case["ks_p_exact"]
    else:
        case["ks_p_contract"] = case["ks_p_kstwobign"]
    edges = np.quantile(ref, PSI_P)  # R-7, numpy default
    rc = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10)
    cc = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10)
    case.update({"psi_edges": edges.tolist(), "psi_ref_counts": rc.tolist(),
                 "psi_cur_counts": cc.tolist(), "psi": psi_numpy(rc, cc)})
    return case


def numeric_cases():
    rng = np.random.default_rng(20261124)
    cases = []
    cases.append(numeric_case("normal_vs_shifted_60x80", r(rng.normal(0, 1, 60)), r(rng.normal(0.5, 1, 80))))
    cases.append(numeric_case("normal_same_200x40", r(rng.normal(0, 1, 200)), r(rng.normal(0, 1, 40))))
    cases.append(numeric_case("ties_poisson_50x70", rng.poisson(3, 50), rng.poisson(3.6, 70)))
    cases.append(numeric_case("ties_small_ints_90x110", rng.integers(0, 4, 90), rng.integers(0, 5, 110)))
    cases.append(numeric_case("constant_ref_40x40", np.full(40, 3.0), np.r_[np.full(20, 3.0), np.full(20, 4.0)]))
    cases.append(numeric_case("constant_both_equal_30x50", np.full(30, 7.5), np.full(50, 7.5)))
    cases.append(numeric_case("beyond_range_100x90", r(rng.uniform(0, 1, 100)), r(rng.uniform(-0.5, 1.7, 90))))
    cases.append(numeric_case("disjoint_above_20x30", r(rng.normal(0, 1, 20)), r(rng.normal(10, 1, 30))))
    cases.append(numeric_case("identical_25x25", np.arange(25.0), np.arange(25.0)))
    for n, m in [(1, 1), (1, 3), (2, 2), (3, 5), (5, 4), (4, 5), (5, 5), (2, 1)]:
        cases.append(numeric_case(f"tiny_{n}x{m}", r(rng.normal(0, 1, n)), r(rng.normal(0.3, 1, m))))
    cases.append(numeric_case("tiny_tied_3x4", [1.0, 2.0, 2.0], [2.0, 2.0, 3.0, 1.0]))
    cases.append(numeric_case("product_just_under_99x101", r(rng.normal(0, 1, 99)), r(rng.normal(0.45, 1, 101))))
    cases.append(numeric_case("product_at_limit_100x100", r(rng.normal(0, 1, 100)), r(rng.normal(0.45, 1, 100))))
    cases.append(numeric_case("product_just_over_101x100", r(rng.normal(0, 1, 101)), r(rng.normal(0.45, 1, 100))))
    cases.append(numeric_case("unequal_5x1999", r(rng.normal(0, 1, 5)), r(rng.normal(1.0, 1, 1999))))
    cases.append(numeric_case("unequal_30x2000", r(rng.normal(0, 1, 30)), r(rng.normal(0.3, 1, 2000))))
    cases.append(numeric_case("lognormal_1500x1200", r(rng.lognormal(0, 1, 1500)), r(rng.lognormal(0.1, 1.1, 1200))))
    cases.append(numeric_case("large_20000x20000_rounded",
                              np.round(rng.normal(0, 1, 20000), 2), np.round(rng.normal(0.02, 1, 20000), 2),
                              compress=True))
    cases.append(numeric_case("large_20000x20000_strong_drift",
                              np.round(rng.normal(0, 1, 20000), 2), np.round(rng.normal(0.3, 1.2, 20000), 2),
                              compress=True))
    return cases


def ks_pvalue_sweep():
    """Exact two-sided p-values P(D >= d) on a sweep of (n, m, d), and asymptotic ones."""
    exact = []
    for n in [1, 2, 3, 5, 8, 13, 37, 50, 99]:
        for m in [1, 4, 5, 10, 26, 60, 101, 199, 1111]:
            if n * m >= 10000:
                continue
            lcm = n * m // math.gcd(n, m)
            for frac in [0.05, 0.15, 0.3, 0.5, 0.8, 1.0]:
                h = max(1, round(frac * lcm))
                d = h / lcm
                g = math.gcd(n, m)
                ok, d2, p = _stats_py._attempt_exact_2kssamp(n, m, g, d, "two-sided")
                if ok:
                    exact.append([n, m, d, float(p)])
    asymp = []
    for n, m in [(100, 100), (101, 100), (200, 300), (1000, 1000), (20000, 20000), (50, 100000)]:
        for d in [0.001, 0.01, 0.03, 0.05, 0.1, 0.2, 0.4]:
            en = n * m / (n + m)
            asymp.append([n, m, d, float(stats.kstwobign.sf(d * math.sqrt(en))),
                          float(stats.kstwo.sf(d, np.round(en)))])
    return {"exact": exact, "asymp": asymp}


def quantile_cases():
    rng = np.random.default_rng(7)
    out = []
    ps = [0.0, 0.001, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.999, 1.0]
    samples = {
        "one": [4.2],
        "two": [1.0, 3.0],
        "five": [-1.0, 0.0, 0.5, 2.0, 10.0],
        "ties": [1.0, 1.0, 1.0, 2.0, 2.0, 5.0, 5.0, 5.0, 5.0],
        "normal_301": sorted(r(rng.normal(100, 15, 301)).tolist()),
        "ints_200": sorted(rng.integers(0, 6, 200).astype(float).tolist()),
    }
    for name, s in samples.items():
        s = np.asarray(s, dtype=float)
        case = {"name": name, "sorted": s.tolist(), "p": ps,
                "r7": [float(np.quantile(s, p)) for p in ps]}
        if len(s) > 100:
            g = 1000
            case["grid_g"] = g
            case["grid"] = np.quantile(s, np.arange(g + 1) / g).tolist()
        out.append(case)
    return out


def chi2_cases():
    rng = np.random.default_rng(11)
    tables = [
        ("two_columns", [30, 70], [45, 55]),
        ("identical_proportions", [10, 20, 30], [20, 40, 60]),
        ("unseen_category", [100, 200, 50, 0], [90, 210, 40, 12]),
        ("zero_columns_dropped", [0, 40, 0, 60, 5], [0, 50, 0, 45, 0]),
        ("many_categories", rng.integers(0, 300, 12).tolist(), rng.integers(0, 300, 12).tolist()),
        ("tiny_pvalue", [5000, 5000, 5000], [3000, 6000, 6000]),
        ("very_tiny_pvalue", [100000, 1000], [1000, 100000]),
        ("large_counts_slight", [1000000, 2000000, 500000], [1001000, 1998000, 501500]),
    ]
    out = []
    for name, a, b in tables:
        a = np.asarray(a)
        b = np.asarray(b)
        keep = (a + b) > 0
        res = stats.chi2_contingency(np.vstack([a[keep], b[keep]]), correction=False)
        out.append({"name": name, "ref": a.tolist(), "cur": b.tolist(),
                    "stat": float(res.statistic), "p": float(res.pvalue), "dof": int(res.dof)})
    # categorical psi over the same tables (+ unseen bucket is just another column here)
    for o in out:
        o["psi"] = psi_numpy(np.asarray(o["ref"]), np.asarray(o["cur"]))
    return out


def bh_cases():
    rng = np.random.default_rng(3)
    arrays = [
        ("uniform_20", rng.uniform(0, 1, 20).tolist()),
        ("small_and_ties", [0.01, 0.04, 0.04, 0.03, 0.5, 0.01, 0.2, 1.0]),
        ("scipy_doc_example", [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                               0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000]),
        ("with_nans", [0.02, float("nan"), 0.001, 0.3, float("nan"), 0.04]),
        ("extreme", [1e-300, 0.0, 5e-320, 1.0, 0.999999]),
        ("single", [0.03]),
        ("all_nan", [float("nan"), float("nan")]),
        ("pair", [0.04, 0.03]),
    ]
    out = []
    for name, p in arrays:
        p = np.asarray(p, dtype=float)
        q = np.full_like(p, np.nan)
        ok = ~np.isnan(p)
        if ok.sum() > 0:
            q[ok] = stats.false_discovery_control(p[ok], method="bh")
        out.append({"name": name, "p": nan_to_none(p.tolist()), "q": nan_to_none(q.tolist())})
    return out


def moments_cases():
    rng = np.random.default_rng(5)
    out = []
    for name, x in [
        ("offset_1e6_spread_1", 1e6 + rng.normal(0, 1, 1000)),
        ("offset_1e9_spread_0_01", 1e9 + rng.normal(0, 0.01, 500)),
        ("standard_normal", rng.normal(0, 1, 700)),
        ("one_value", np.array([42.5])),
        ("constant", np.full(10, -3.25)),
    ]:
        x = np.asarray(x, dtype=float)
        out.append({"name": name, "values": x.tolist(), "mean": float(np.mean(x)), "std": float(np.std(x)),
                    "min": float(np.min(x)), "max": float(np.max(x))})
    return out


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"generator": "tools/golden/drift_golden.py", "numpy": np.__version__,
                   "scipy": scipy.__version__, "cases": obj}, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    write("numeric_cases.json", numeric_cases())
    write("ks_pvalues.json", ks_pvalue_sweep())
    write("quantiles.json", quantile_cases())
    write("categorical_cases.json", chi2_cases())
    write("bh.json", bh_cases())
    write("moments.json", moments_cases())


if __name__ == "__main__":
    main()
