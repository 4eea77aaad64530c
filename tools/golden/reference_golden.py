#!/usr/bin/env python3
"""Golden values for the bounded-memory reference (CONTRACT.md 2b, "Bounded memory"), computed with numpy.

Run from the repository root:  python3 tools/golden/reference_golden.py
Writes common/src/test/resources/reference/sketch_golden.json. The data sets are integer formulas the Java
test recomputes bit for bit (so no data is committed), in the order the Java test feeds them:
  perm:  v_i = (i * 7919) mod 100003            (distinct integers, shuffled)
  skew:  v_i = ((i * 7919) mod 100003)^2 / 1e4  (long right tail)
  ties:  v_i = ((i * 7919) mod 100003) mod 50   (50 values, 2 % of the mass each)
for i = 0 .. N-1. For each: numpy's R-7 quantiles at p = j/M (j = 0..M), and the ECDF just below and at each
of those quantiles (mean(x < q), mean(x <= q)), which bracket the true CDF of any value between two of them;
plus count, mean, population std, min, max.
"""
import json
import os

import numpy as np

N = 60000
M = 2000
OUT = os.path.join("common", "src", "test", "resources", "reference", "sketch_golden.json")


def datasets():
    i = np.arange(N, dtype=np.int64)
    perm = (i * 7919) % 100003
    return {
        "perm": perm.astype(np.float64),
        "skew": (perm * perm).astype(np.float64) / 1e4,
        "ties": (perm % 50).astype(np.float64),
    }


def main():
    p = np.arange(M + 1) / M
    out = {"n": N, "m": M, "datasets": {}}
    for name, x in datasets().items():
        q = np.quantile(x, p)  # R-7, numpy's default
        s = np.sort(x)
        lt = np.searchsorted(s, q, side="left") / N
        le = np.searchsorted(s, q, side="right") / N
        out["datasets"][name] = {
            "count": int(x.size), "mean": float(x.mean()), "std": float(x.std()),
            "min": float(x.min()), "max": float(x.max()),
            "quantiles": [float(v) for v in q],
            "cdf_below": [float(v) for v in lt],
            "cdf_at": [float(v) for v in le],
        }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
