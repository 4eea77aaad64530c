#!/usr/bin/env python3
"""Golden values for the calibrated thresholds (CONTRACT.md 2b, "Calibrated thresholds"), with numpy and scipy.

Run from the repository root:  python3 tools/golden/calibration_golden.py
Writes common/src/test/resources/reference/calibration_golden.json. The reference is integer formulas the Java
test (DriftThresholdsGoldenTest) recomputes bit for bit, so no data is committed: N = 2400 records, record i at
T0 + i * 36 s (100 an hour, 24 chunks of 1h):
  h = i // 100                                    (the chunk, the hour)
  x = ((i * 7919) % 1009) / 100.0 + h * 0.05      (numeric, a slow trend over the day)
  y = float((i * 31337) % 997)                    (numeric, integer values: ties); missing in chunk 5 except
                                                   where i % 10 == 0 (10 values: below min_count 30, left out)
  c = "a" if (i * 7) % 10 < 3 + h % 3 else ("b" if i % 3 == 0 else "c")   (categorical)
Per chunk with at least MIN_COUNT values, against the whole reference: psi (10 buckets on the reference's R-7
deciles, the bucket of v is the greatest edge <= v, 0 -> 0.0001), ks_stat (scipy ks_2samp), wasserstein (scipy
wasserstein_distance / max(std_ref, 0.001)), mean_shift, std_shift (ddof 0); categorical psi over the reference
categories plus an unseen bucket, chi2_per_count = chi2 (scipy chi2_contingency, no correction) / chunk count.
Thresholds: mean + 3 * std (ddof 0) over the chunks.
"""
import json
import os

import numpy as np
from scipy import stats

N = 2400
PER_CHUNK = 100
MIN_COUNT = 30
OUT = os.path.join("common", "src", "test", "resources", "reference", "calibration_golden.json")


def data():
    i = np.arange(N, dtype=np.int64)
    h = i // PER_CHUNK
    x = ((i * 7919) % 1009).astype(np.float64) / 100.0 + h.astype(np.float64) * 0.05
    y = ((i * 31337) % 997).astype(np.float64)
    y_present = ~((h == 5) & (i % 10 != 0))
    c = np.where((i * 7) % 10 < 3 + h % 3, "a", np.where(i % 3 == 0, "b", "c"))
    return h, x, y, y_present, c


def psi(ref_counts, cur_counts):
    r = np.asarray(ref_counts, dtype=np.float64)
    k = np.asarray(cur_counts, dtype=np.float64)
    r = r / r.sum()
    k = k / k.sum()
    r = np.where(r == 0, 0.0001, r)
    k = np.where(k == 0, 0.0001, k)
    return float(np.sum((k - r) * np.log(k / r)))


def numeric_chunk(ref, cur):
    edges = np.quantile(ref, np.arange(1, 10) / 10)
    rb = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10)
    cb = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10)
    sd = ref.std()
    return [psi(rb, cb),
            float(stats.ks_2samp(ref, cur).statistic),
            float(stats.wasserstein_distance(ref, cur) / max(sd, 0.001)),
            float(abs(cur.mean() - ref.mean()) / sd),
            float(abs(cur.std() - sd) / sd)]


def categorical_chunk(ref, cur):
    cats = sorted(set(ref))
    rc = [int(np.sum(ref == k)) for k in cats] + [0]
    cc = [int(np.sum(cur == k)) for k in cats] + [int(np.sum(~np.isin(cur, cats)))]
    union = sorted(set(ref) | set(cur))
    table = np.array([[np.sum(ref == k) for k in union], [np.sum(cur == k) for k in union]])
    chi2 = stats.chi2_contingency(table, correction=False)[0] if len(union) > 1 else 0.0
    return [psi(rc, cc), float(chi2 / len(cur))]


def thresholds(rows):
    a = np.array(rows)
    m = a.mean(axis=0)
    s = a.std(axis=0)
    return {"mean": m.tolist(), "std": s.tolist(), "threshold": (m + 3 * s).tolist(), "chunks": len(rows)}


def main():
    h, x, y, y_present, c = data()
    out = {"n": N, "per_chunk": PER_CHUNK, "min_count": MIN_COUNT, "features": {}}
    for name, values, present, kind in (("x", x, np.ones(N, bool), "numeric"), ("y", y, y_present, "numeric"),
                                        ("c", c, np.ones(N, bool), "categorical")):
        ref = values[present]
        rows, used = [], []
        for chunk in range(N // PER_CHUNK):
            cur = values[present & (h == chunk)]
            if cur.size < MIN_COUNT:
                continue
            rows.append(numeric_chunk(ref, cur) if kind == "numeric" else categorical_chunk(ref, cur))
            used.append(chunk)
        t = thresholds(rows)
        t.update({"kind": kind, "used_chunks": used, "chunk_values": rows})
        out["features"][name] = t
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
