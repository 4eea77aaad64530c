#!/usr/bin/env python3
"""Golden values for multivariate reconstruction error and embedding drift (CONTRACT.md 3d), with numpy.

Run from the repository root:  python3 tools/golden/multivariate_golden.py
Writes common/src/test/resources/multivariate/golden.json, data included (the Java test feeds the same rows).

Reconstruction (as NannyML's data reconstruction): rows are standardised with the reference mean/std
(ddof = 0; missing -> the mean, i.e. 0; a feature with std 0 is divided by 1), the standardised joint sample
is centred by its own mean (as sklearn's PCA does), numpy.linalg.svd gives the components, k is the fewest
whose explained variance ratio sums to >= 0.9, and a row's error is ||(z - c) - (z - c) V_k^T V_k||.
The reference chunks are groups of sample rows by `chunk` (here consecutive blocks of rows), the threshold
mean + 3 std (ddof = 0) of the chunk mean errors, the outlier threshold numpy's R-7 99.9th percentile of the
sample's errors.

Embeddings: the reference centroid (mean vector), spread = mean Euclidean distance of the reference vectors
to that centroid, a window's centroid_distance = ||mean_w - centroid|| / spread and centroid_cosine =
1 - cos(mean_w, centroid).
"""
import json
import os

import numpy as np

OUT = os.path.join("common", "src", "test", "resources", "multivariate", "golden.json")


def fit(ref, mean, std, chunk_rows):
    div = np.where(std > 0, std, 1.0)
    z = np.where(np.isnan(ref), 0.0, (ref - mean) / div)
    c = z.mean(axis=0)
    u, s, vt = np.linalg.svd(z - c, full_matrices=False)
    var = s ** 2
    ratio = var / var.sum()
    k = int(np.searchsorted(np.cumsum(ratio), 0.9 - 1e-12) + 1)
    return {"div": div, "c": c, "vt": vt[:k], "k": k, "ratio": ratio[:k]}


def errors(m, rows, mean):
    z = np.where(np.isnan(rows), 0.0, (rows - mean) / m["div"]) - m["c"]
    rec = z @ m["vt"].T @ m["vt"]
    return np.linalg.norm(z - rec, axis=1)


def case(name, ref, cur, chunk_rows, mean=None, std=None):
    if mean is None:
        mean = np.nanmean(ref, axis=0)
        std = np.nanstd(ref, axis=0)
    m = fit(ref, mean, std, chunk_rows)
    e_ref = errors(m, ref, mean)
    e_cur = errors(m, cur, mean)
    chunks = [e_ref[i:i + chunk_rows].mean() for i in range(0, len(e_ref), chunk_rows)]
    cm, cs = float(np.mean(chunks)), float(np.std(chunks))
    def enc(a):
        return [None if np.isnan(v) else float(v) for v in a]
    return {
        "name": name, "chunk_rows": chunk_rows,
        "mean": [float(v) for v in mean], "std": [float(v) for v in std],
        "reference": [enc(r) for r in ref], "current": [enc(r) for r in cur],
        "components": m["k"], "explained": [float(v) for v in m["ratio"]],
        "reference_errors": [float(v) for v in e_ref], "current_errors": [float(v) for v in e_cur],
        "chunk_mean": cm, "chunk_std": cs, "threshold": cm + 3 * cs,
        "current_mean_error": float(e_cur.mean()),
        "drifted": bool(e_cur.mean() > cm + 3 * cs),
        "outlier_threshold": float(np.quantile(e_ref, 0.999)),
    }


def correlated(rng, n, rho, f_other):
    # x1, x2 standard normal with correlation rho (marginals N(0,1) whatever the sign), plus independent ones
    a = rng.standard_normal(n)
    b = rho * a + np.sqrt(1 - rho * rho) * rng.standard_normal(n)
    other = rng.standard_normal((n, f_other))
    return np.column_stack([10 + 2 * a, 50 + 5 * b, other])


def main():
    rng = np.random.default_rng(17)
    cases = []
    # correlation flip: corr(x1, x2) +0.9 in the reference, -0.9 in the current window; marginals unchanged
    ref = correlated(rng, 600, 0.9, 1)
    cur = correlated(rng, 200, -0.9, 1)
    cases.append(case("correlation_flip", ref, cur, 50))
    # the same without the flip: no drift
    cur_same = correlated(rng, 200, 0.9, 1)
    cases.append(case("no_flip", ref, cur_same, 50))
    # more features than rows, low rank, with missing values and a constant feature
    n, f = 40, 60
    latent = rng.standard_normal((n, 3))
    wide = latent @ rng.standard_normal((3, f)) + 0.05 * rng.standard_normal((n, f))
    wide[:, 7] = 4.0
    wide[3, 5] = np.nan
    wide[11, 20] = np.nan
    cur_w = rng.standard_normal((10, 3)) @ rng.standard_normal((3, f))
    cur_w[2, 1] = np.nan
    cases.append(case("wide_missing_constant", wide, cur_w, 10))

    # embeddings
    d = 16
    eref = rng.standard_normal((300, d)) + np.linspace(-1, 1, d)
    ecur = rng.standard_normal((120, d)) + np.linspace(-1, 1, d) + 0.5
    centroid = eref.mean(axis=0)
    spread = float(np.linalg.norm(eref - centroid, axis=1).mean())
    mw = ecur.mean(axis=0)
    emb = {
        "dim": d,
        "reference": eref.tolist(), "current": ecur.tolist(),
        "centroid": centroid.tolist(), "spread": spread,
        "centroid_distance": float(np.linalg.norm(mw - centroid) / spread),
        "centroid_cosine": float(1 - mw @ centroid / (np.linalg.norm(mw) * np.linalg.norm(centroid))),
    }
    # drawn after everything above, so the cases before keep their values
    # 30 features, 200 rows: independent (k > F / 2, the error goes through the discarded components) and
    # 3 latent factors plus noise (small k, the kept ones), each with a shifted current window
    n, f = 200, 30
    ind = rng.standard_normal((n, f)) * np.linspace(1, 3, f) + np.arange(f)
    cur_i = rng.standard_normal((50, f)) * np.linspace(1, 3, f) + np.arange(f)
    cur_i[:, :5] *= 1.5
    cases.append(case("many_independent", ind, cur_i, 25))
    load = rng.standard_normal((3, f))
    lat = rng.standard_normal((n, 3)) @ load + 0.3 * rng.standard_normal((n, f))
    cur_l = rng.standard_normal((50, 3)) @ load + 0.3 * rng.standard_normal((50, f))
    cur_l[:, 0] = -cur_l[:, 0]
    cases.append(case("many_latent", lat, cur_l, 25))
    # embedding calibration (contract 2b as 3d asks): 8 hourly chunks of 80 vectors, each chunk's mean moved a
    # little, and a ninth of 10 vectors (under --min-count 30: left out); thresholds mean + 3 std (ddof 0) of
    # the chunks' centroid distance and cosine against the whole reference; a window like the reference and
    # one shifted
    d = 6
    base = np.linspace(-1, 1, d) + 2.0
    cal_chunks = []
    for c in range(8):
        cal_chunks.append(rng.standard_normal((80, d)) + base + 0.05 * rng.standard_normal(d))
    cal_chunks.append(rng.standard_normal((10, d)) + base)
    allv = np.vstack(cal_chunks)
    cen = allv.mean(axis=0)
    spr = float(np.linalg.norm(allv - cen, axis=1).mean())

    def figures(v):
        m = v.mean(axis=0)
        return (float(np.linalg.norm(m - cen) / spr), float(1 - m @ cen / (np.linalg.norm(m) * np.linalg.norm(cen))))
    per = np.array([figures(v) for v in cal_chunks if len(v) >= 30])
    thr = per.mean(axis=0) + 3 * per.std(axis=0)
    windows = []
    for shift in (0.0, 0.6):
        v = rng.standard_normal((120, d)) + base + shift * np.sign(np.arange(d) - 2.5)
        dist, cos = figures(v)
        by = [n for n, x, t in (("centroid_distance", dist, thr[0]), ("centroid_cosine", cos, thr[1])) if x > t]
        windows.append({"vectors": v.tolist(), "centroid_distance": dist, "centroid_cosine": cos,
                        "drift_alert_by": ",".join(by)})
    emb_cal = {"dim": d, "chunks": [v.tolist() for v in cal_chunks], "min_count": 30,
               "centroid": cen.tolist(), "spread": spr, "calibration_chunks": int(len(per)),
               "threshold_centroid_distance": float(thr[0]), "threshold_centroid_cosine": float(thr[1]),
               "windows": windows}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump({"cases": cases, "embedding": emb, "embedding_calibration": emb_cal}, fh)
    for c in cases:
        print(c["name"], "k", c["components"], "cur", c["current_mean_error"], "thr", c["threshold"], c["drifted"])
    print("embedding", emb["centroid_distance"], emb["centroid_cosine"])
    print("embedding calibration", emb_cal["threshold_centroid_distance"], emb_cal["threshold_centroid_cosine"],
          [(w["centroid_distance"], w["centroid_cosine"], w["drift_alert_by"]) for w in windows])


if __name__ == "__main__":
    main()
