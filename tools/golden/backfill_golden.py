#!/usr/bin/env python3
"""Golden inputs and expected values for the end-to-end `reference` + `backfill` tests (issue 2).

Run from the repository root:  python3 tools/golden/backfill_golden.py
Writes jobs/src/test/resources/golden/<case>/ : the input JSONL (and .jsonl.gz) files and expected.json,
computed here with numpy/scipy straight from the contract (CONTRACT.md sections 1-4), never from the Java code.
The Java ITCases (jobs/src/test/java/io/modelwatch/backfill/*ITCase.java) read them, so the build needs no
Python. Fixed seeds: rerunning gives the same files (with the same numpy/scipy/zlib).

Cases
  shift  a normal reference vs shifted / scaled windows, several numeric features, BH across them,
         a categorical feature, nulls, numeric __prediction / __confidence, serving figures.
  edge   beyond-range values, a constant feature, a feature missing from a window, an all-null window,
         unseen categories, booleans, below --min-count, tied integers, names that need escaping,
         a categorical __prediction, wrong types, NaN / Infinity literals.
  badio  bad input: truncated JSON, non-objects, missing / bad ts, wrong types, NaN / Infinity, an empty
         line, a .jsonl.gz that ends early and a complete one; every line accounted for.

In expected.json a field whose value is null must be ABSENT from the point.
"""
import gzip
import json
import math
import os
import zlib
from datetime import datetime, timedelta, timezone

import numpy as np
from scipy import stats

OUT = os.path.join("jobs", "src", "test", "resources", "golden")
G = 1000
ALPHA = 0.05
MIN_COUNT = 30
WINDOW_MS = 3600_000
DAY = datetime(2026, 11, 24, tzinfo=timezone.utc)
PSI_P = np.arange(1, 10) / 10.0


def tag_value(name):
    """What a name becomes as a tag value (LineProtocol): a newline as the two characters \\n, and a trailing
    backslash, which InfluxDB 1.x cannot parse at the end of a tag value, followed by '_'."""
    v = name.replace("\n", "\\n")
    return v + "_" if v.endswith("\\") else v


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def ms(dt):
    return int(dt.timestamp() * 1000)


def r6(x):
    return float(f"{float(x):.6g}")


def dumps(obj):
    # Python writes NaN / Infinity literals, which the contract treats as missing for numeric features.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------- statistics

def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def psi_from_counts(ref_counts, cur_counts):
    ref_counts = np.asarray(ref_counts, dtype=float)
    cur_counts = np.asarray(cur_counts, dtype=float)
    rp = np.where(ref_counts == 0, 0.0001, ref_counts / ref_counts.sum())
    cp = np.where(cur_counts == 0, 0.0001, cur_counts / cur_counts.sum())
    return float(np.sum((cp - rp) * np.log(cp / rp)))


def numeric_psi(ref, cur):
    edges = np.quantile(ref, PSI_P)
    rb = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10)
    cb = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10)
    return psi_from_counts(rb, cb)


def ks_pvalue(d, n, m):
    if n * m < 10000:
        return None  # filled by the caller with ks_2samp(method='exact')
    return float(stats.kstwobign.sf(d * math.sqrt(n * m / (n + m))))


def numeric_values(records, name):
    """(finite values, missing, invalid) of a numeric feature over records (dicts)."""
    vals, missing, invalid = [], 0, 0
    for r in records:
        v = feature_value(r, name)
        if v is None or (is_num(v) and not math.isfinite(v)):
            missing += 1
        elif is_num(v):
            vals.append(float(v))
        else:
            invalid += 1
    return np.array(vals, dtype=float), missing, invalid


def categorical_values(records, name):
    vals, missing, invalid = [], 0, 0
    for r in records:
        v = feature_value(r, name)
        if v is None:
            missing += 1
        elif isinstance(v, bool):
            vals.append("true" if v else "false")
        elif isinstance(v, str):
            vals.append(v)
        else:
            invalid += 1
    return vals, missing, invalid


MISSING = object()


def feature_value(r, name):
    if name == "__prediction":
        return r.get("prediction")
    if name == "__confidence":
        return r.get("confidence")
    return r.get("features", {}).get(name)


def reference_stats(records, numeric, categorical):
    out = {"records": len(records), "numeric": {}, "categorical": {}}
    for name in numeric:
        v, missing, invalid = numeric_values(records, name)
        v.sort()
        out["numeric"][name] = {
            "count": len(v), "missing": missing, "invalid": invalid,
            "mean": float(np.mean(v)), "std": float(np.std(v)), "min": float(v[0]), "max": float(v[-1]),
            # every 10th point of the G = 1000 grid, p = i / 1000
            "grid_every_10": [float(x) for x in np.quantile(v, np.arange(0, G + 1, 10) / G)],
            "_values": v,
        }
    for name in categorical:
        v, missing, invalid = categorical_values(records, name)
        cats, counts = np.unique(np.array(v, dtype=object).astype(str), return_counts=True)
        out["categorical"][name] = {
            "count": len(v), "missing": missing, "invalid": invalid,
            "categories": {str(c): int(n) for c, n in zip(cats, counts)},
        }
    return out


def drift_score_numeric(psi, q, ms_, ss_):
    s = 2 if psi > 0.2 else 1 if psi > 0.1 else 0
    s += 2 if q < ALPHA else 0
    s += 1 if ms_ > 0.3 else 0  # +inf counts (degenerate feature)
    s += 1 if ss_ > 0.3 else 0
    return s


def level(score):
    return "high" if score >= 4 else "medium" if score >= 2 else "low"


def finite_or_none(x):
    return float(x) if x is not None and math.isfinite(x) else None


def window_expectations(model, ref, window_records, window_end_ms, numeric, categorical):
    """feature_drift and model_drift expectations for one model and window."""
    feats = []
    n_rec = len(window_records)
    for name in numeric:
        rs = ref["numeric"][name]
        refv = rs["_values"]
        cur, missing, invalid = numeric_values(window_records, name)
        total = len(cur) + missing + invalid
        ref_total = rs["count"] + rs["missing"] + rs["invalid"]
        rate = missing / total if total else 0.0
        f = {"model": model, "feature": name, "kind": "numeric", "window_end_ns": window_end_ms * 1_000_000,
             "count": len(cur), "missing": missing, "invalid": invalid, "missing_rate": rate,
             "missing_shift": rate - rs["missing"] / ref_total}
        assert total == n_rec
        if not name.startswith("__"):
            # contract 3c: outside [min - m, max + m], m = 0.1 x (max - min) of the reference
            margin = 0.1 * (rs["max"] - rs["min"])
            f["out_of_range"] = int(np.sum((cur < rs["min"] - margin) | (cur > rs["max"] + margin)))
        stat_keys = ["psi", "ks_stat", "ks_pvalue", "ks_qvalue", "wasserstein", "mean_shift", "std_shift",
                     "mean", "std", "degenerate", "drift_score", "drift_level"]
        if len(cur) < MIN_COUNT:
            for k in stat_keys:
                f[k] = None
            f["_has_stats"] = False
            feats.append(f)
            continue
        f["_has_stats"] = True
        n, m = len(refv), len(cur)
        d = float(stats.ks_2samp(refv, cur).statistic)
        p = ks_pvalue(d, n, m)
        if p is None:
            p = float(stats.ks_2samp(refv, cur, method="exact").pvalue)
        std_ref = rs["std"]
        mean_cur, std_cur = float(np.mean(cur)), float(np.std(cur))
        with np.errstate(divide="ignore", invalid="ignore"):
            mshift = abs(mean_cur - rs["mean"]) / std_ref if std_ref > 0 else (0.0 if mean_cur == rs["mean"] else math.inf)
            sshift = abs(std_cur - std_ref) / std_ref if std_ref > 0 else (0.0 if std_cur == std_ref else math.inf)
        f.update({
            "psi": numeric_psi(refv, cur), "ks_stat": d, "ks_pvalue": p,
            "wasserstein": float(stats.wasserstein_distance(refv, cur)) / max(std_ref, 0.001),
            "mean_shift": finite_or_none(mshift), "std_shift": finite_or_none(sshift),
            "mean": mean_cur, "std": std_cur,
            "degenerate": bool(math.isinf(mshift) or math.isinf(sshift)),
            "_mshift": mshift, "_sshift": sshift,
            "_grid_bound": 1.0 / G + 1.0 / n, "_n_ref": n,
        })
        feats.append(f)
    # BH over the numeric input features with statistics
    tested = [f for f in feats if f["_has_stats"] and not f["feature"].startswith("__")]
    if tested:
        q = stats.false_discovery_control([f["ks_pvalue"] for f in tested], method="bh")
        for f, qv in zip(tested, q):
            f["ks_qvalue"] = float(qv)
    for f in feats:
        if f["_has_stats"] and f["feature"].startswith("__"):
            f["ks_qvalue"] = f["ks_pvalue"]  # a family of one
        if f["_has_stats"]:
            f["drift_score"] = drift_score_numeric(f["psi"], f["ks_qvalue"], f["_mshift"], f["_sshift"])
            f["drift_level"] = level(f["drift_score"])
    for name in categorical:
        rs = ref["categorical"][name]
        cur, missing, invalid = categorical_values(window_records, name)
        total = len(cur) + missing + invalid
        ref_total = rs["count"] + rs["missing"] + rs["invalid"]
        rate = missing / total if total else 0.0
        f = {"model": model, "feature": name, "kind": "categorical", "window_end_ns": window_end_ms * 1_000_000,
             "count": len(cur), "missing": missing, "invalid": invalid, "missing_rate": rate,
             "missing_shift": rate - rs["missing"] / ref_total}
        if not name.startswith("__"):
            f["unseen"] = sum(1 for c in cur if c not in rs["categories"])  # contract 3c
        if len(cur) < MIN_COUNT:
            for k in ["psi", "chi2_stat", "chi2_pvalue", "drift_score", "drift_level"]:
                f[k] = None
            f["_has_stats"] = False
            feats.append(f)
            continue
        f["_has_stats"] = True
        ref_cats = sorted(rs["categories"])
        unseen = sorted(set(cur) - set(ref_cats))
        ref_counts = [rs["categories"][c] for c in ref_cats]
        cur_counts = [cur.count(c) for c in ref_cats]
        psi = psi_from_counts(ref_counts + [0], cur_counts + [sum(cur.count(c) for c in unseen)])
        table = np.array([ref_counts + [0] * len(unseen), cur_counts + [cur.count(c) for c in unseen]])
        table = table[:, table.sum(axis=0) > 0]
        chi = stats.chi2_contingency(table, correction=False)
        score = (2 if psi > 0.2 else 1 if psi > 0.1 else 0) + (2 if chi.pvalue < ALPHA else 0)
        f.update({"psi": psi, "chi2_stat": float(chi.statistic), "chi2_pvalue": float(chi.pvalue),
                  "drift_score": score, "drift_level": level(score), "_unseen": unseen})
        feats.append(f)
    scored = [f for f in feats if f["_has_stats"]]
    drifted = [f for f in scored if f["drift_level"] != "low"]
    md = {"model": model, "window_end_ns": window_end_ms * 1_000_000, "features": len(scored),
          "drifted": len(drifted), "high": sum(f["drift_level"] == "high" for f in scored),
          "medium": sum(f["drift_level"] == "medium" for f in scored),
          "drift_share": len(drifted) / len(scored) if scored else 0.0}
    return feats, md


def nearest_rank(values, p):
    x = np.sort(np.asarray(values, dtype=float))
    k = max(1, math.ceil(p / 100.0 * len(x) - 1e-12))
    return float(x[k - 1])


def serving_expectations(model, records, window_end_ms):
    n = len(records)
    sec = WINDOW_MS / 1000.0
    st = [r.get("status", "ok") for r in records]
    e = {"model": model, "window_end_ns": window_end_ms * 1_000_000, "count": n, "qps": n / sec,
         "error_rate": (st.count("error") + st.count("timeout")) / n, "timeout_rate": st.count("timeout") / n,
         "fallback_rate": st.count("fallback") / n,
         "retry_rate": sum(1 for r in records if r.get("retries", 0) > 0) / n}
    lat = [r["latency_ms"] for r in records if is_num(r.get("latency_ms")) and math.isfinite(r["latency_ms"])]
    if lat:
        e.update({"latency_mean": float(np.mean(lat)), "latency_min": float(min(lat)), "latency_max": float(max(lat))})
        for p in (50, 90, 95, 99):
            e[f"latency_p{p}~"] = nearest_rank(lat, p)
    ttft = [r["ttft_ms"] for r in records if is_num(r.get("ttft_ms"))]
    if ttft:
        e["ttft_p50~"] = nearest_rank(ttft, 50)
        e["ttft_p99~"] = nearest_rank(ttft, 99)
    outl = [r["output_length"] for r in records if is_num(r.get("output_length"))]
    e["tokens_per_s"] = float(sum(outl)) / sec
    if outl:
        e["output_length_mean"] = float(np.mean(outl))
    conf = [r["confidence"] for r in records if is_num(r.get("confidence")) and math.isfinite(r["confidence"])]
    if conf:
        e["confidence_mean"] = float(np.mean(conf))
        e["confidence_std"] = float(np.std(conf))
        e["confidence_p50~"] = nearest_rank(conf, 50)
    return e


def strip_private(o):
    if isinstance(o, dict):
        # private helpers start with one underscore; "__prediction" / "__confidence" are feature names
        return {k: strip_private(v) for k, v in o.items() if not (k.startswith("_") and not k.startswith("__"))}
    if isinstance(o, list):
        return [strip_private(v) for v in o]
    return o


def multivariate_outlier_test(ref, ref_records, numeric):
    """Contract 3d's multivariate outlier, with numpy: the PCA of the joint sample (here every reference record,
    fewer than --joint-sample's 5000) of the snapshot's numeric input features, standardised with the reference
    mean/std (missing or not a number -> the mean; std 0 -> divided by 1), centred by the sample's mean, the
    fewest components for 90 % of the variance (numpy.linalg.svd); a record is an outlier when its
    reconstruction error is above the sample errors' R-7 99.9th percentile. None with fewer than 2 features."""
    names = [n for n in numeric if not n.startswith("__") and ref["numeric"][n]["count"] > 0]
    if len(names) < 2 or len(ref_records) < 2:
        return None
    mean = np.array([ref["numeric"][n]["mean"] for n in names])
    std = np.array([ref["numeric"][n]["std"] for n in names])
    div = np.where(std > 0, std, 1.0)

    def row(r):
        out = []
        for n in names:
            v = feature_value(r, n)
            out.append(float(v) if is_num(v) and math.isfinite(v) else np.nan)
        return np.array(out)

    def z(r):
        x = row(r)
        return np.where(np.isnan(x), 0.0, (x - mean) / div)

    zs = np.array([z(r) for r in ref_records])
    c = zs.mean(axis=0)
    _, s, vt = np.linalg.svd(zs - c, full_matrices=False)
    ratio = s ** 2 / (s ** 2).sum()
    k = int(np.searchsorted(np.cumsum(ratio), 0.9 - 1e-12) + 1)
    if k >= len(names):
        return None  # every component kept: the reconstruction is exact, no record is an outlier
    v = vt[:k]

    def error(r):
        y = z(r) - c
        return float(np.linalg.norm(y - y @ v.T @ v))

    threshold = float(np.quantile([error(r) for r in ref_records], 0.999))
    return lambda r: error(r) > threshold


def quality_expectations(model, ref, recs, end_ms, numeric, categorical, outlier=None):
    """The input_quality point of contract 3c, record by record: problems per input feature of the snapshot."""
    q = {"model": model, "window_end_ns": end_ms * 1_000_000, "records": len(recs), "anomalous_records": 0,
         "out_of_range": 0, "unseen": 0, "missing_required": 0, "invalid": 0, "multivariate_outliers": 0}

    def required(rs):
        total = rs["count"] + rs["missing"] + rs["invalid"]
        return rs["count"] > 0 and rs["missing"] / total < 0.01

    for r in recs:
        problems = 0
        for name in numeric:
            if name.startswith("__"):
                continue
            rs = ref["numeric"][name]
            v = feature_value(r, name)
            if v is None or (is_num(v) and not math.isfinite(v)):
                if required(rs):
                    q["missing_required"] += 1
                    problems += 1
            elif not is_num(v):
                q["invalid"] += 1
                problems += 1
            else:
                margin = 0.1 * (rs["max"] - rs["min"])
                if v < rs["min"] - margin or v > rs["max"] + margin:
                    q["out_of_range"] += 1
                    problems += 1
        for name in categorical:
            if name.startswith("__"):
                continue
            rs = ref["categorical"][name]
            v = feature_value(r, name)
            if v is None:
                if required(rs):
                    q["missing_required"] += 1
                    problems += 1
            elif isinstance(v, bool) or isinstance(v, str):
                c = ("true" if v else "false") if isinstance(v, bool) else v
                if c not in rs["categories"]:
                    q["unseen"] += 1
                    problems += 1
            else:
                q["invalid"] += 1
                problems += 1
        if outlier is not None and outlier(r):
            q["multivariate_outliers"] += 1
            problems += 1
        if problems:
            q["anomalous_records"] += 1
    q["anomalous_rate"] = q["anomalous_records"] / len(recs) if recs else 0.0
    return q


def expectations(model, ref_records, windows, numeric, categorical, ts_of):
    ref = reference_stats(ref_records, numeric, categorical)
    outlier = multivariate_outlier_test(ref, ref_records, numeric)
    fd, mdl, srv, iq = [], [], [], []
    for start_ms, recs in windows:
        end = start_ms + WINDOW_MS
        f, md = window_expectations(model, ref, recs, end, numeric, categorical)
        fd += f
        mdl.append(md)
        srv.append(serving_expectations(model, recs, end))
        iq.append(quality_expectations(model, ref, recs, end, numeric, categorical, outlier))
    return ref, fd, mdl, srv, iq


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(dumps(r) + "\n")


def serving_fields(rng, r, i):
    r["request_id"] = f"req-{i}"
    r["latency_ms"] = r6(rng.lognormal(4.0, 0.5))
    r["ttft_ms"] = r6(rng.lognormal(3.0, 0.3))
    u = rng.random()
    r["status"] = "error" if u < 0.04 else "timeout" if u < 0.06 else "fallback" if u < 0.09 else "ok"
    r["retries"] = int(rng.random() < 0.1) * int(rng.integers(1, 3))
    r["output_length"] = int(rng.integers(1, 200))
    r["input_length"] = int(rng.integers(1, 500))


def times(rng, start, n, span_s=3600):
    offs = np.sort(rng.integers(0, span_s * 1000, size=n))
    return [start + timedelta(milliseconds=int(o)) for o in offs]


# ---------------------------------------------------------------------------------------------- case: shift

def case_shift():
    rng = np.random.default_rng(20261124)
    model = "shift"
    numeric = ["__confidence", "__prediction", "f_lognorm", "f_same", "f_scale", "f_shift", "f_slight"]
    categorical = ["segment"]

    def rec(ts, i, mu_shift, scale, log_mu, slight, seg_p, null_p, serving=True):
        f = {
            "f_same": r6(rng.normal(0, 1)),
            "f_shift": None if rng.random() < null_p else r6(rng.normal(10 + mu_shift, 2)),
            "f_scale": r6(rng.normal(0, scale)),
            "f_lognorm": r6(rng.lognormal(log_mu, 0.6)),
            "f_slight": r6(rng.normal(slight, 1)),
            "segment": str(rng.choice(["a", "b", "c", "d"], p=seg_p)),
        }
        if rng.random() < null_p:
            del f["f_same"]  # a missing key counts as missing too
        r = {"ts": iso(ts), "model": model, "model_version": "v1", "features": f,
             "prediction": r6(rng.normal(0.5 + mu_shift / 10, 0.2)), "confidence": r6(rng.beta(5, 2))}
        if serving:
            serving_fields(rng, r, i)
        return r

    ref_records = [rec(t, i, 0, 1, 1.0, 0, [0.4, 0.3, 0.2, 0.1], 0.05, serving=False)
                   for i, t in enumerate(times(rng, DAY - timedelta(days=1), 1200, 86400))]
    w1 = [rec(t, i, 0.8, 1.5, 1.1, 0.1, [0.35, 0.3, 0.2, 0.15], 0.10) for i, t in enumerate(times(rng, DAY, 300))]
    w2 = [rec(t, i, 1.6, 1.2, 1.4, 0.2, [0.2, 0.3, 0.3, 0.2], 0.02)
          for i, t in enumerate(times(rng, DAY + timedelta(hours=1), 400))]
    d = os.path.join(OUT, "shift")
    os.makedirs(os.path.join(d, "reference"), exist_ok=True)
    os.makedirs(os.path.join(d, "current"), exist_ok=True)
    write_jsonl(os.path.join(d, "reference", "ref.jsonl"), ref_records)
    # two files, each holding part of every window: with parallelism 2 the windows' partials are merged
    write_jsonl(os.path.join(d, "current", "cur-0.jsonl"), (w1 + w2)[0::2])
    write_jsonl(os.path.join(d, "current", "cur-1.jsonl"), (w1 + w2)[1::2])
    ref, fd, mdl, srv, iq = expectations(model, ref_records, [(ms(DAY), w1), (ms(DAY) + WINDOW_MS, w2)],
                                     numeric, categorical, None)
    expected = {"from": iso(DAY), "to": iso(DAY + timedelta(hours=2)), "window": "1h",
                "lines": len(w1) + len(w2), "snapshots": {model: ref},
                "feature_drift": fd, "model_drift": mdl, "model_serving": srv,
                "input_quality": iq}
    return d, expected


# ---------------------------------------------------------------------------------------------- case: edge

ESCAPE_NAMES = ["a b,c=d", 'say "hi"', "line\nbreak", "température", "日本語 特徴", "ends\\"]


def case_edge():
    rng = np.random.default_rng(7)
    model = "edge model,v=2"
    numeric = sorted(["__confidence", "beyond", "const", "gone", "allnull", "sparse", "ties"] + ESCAPE_NAMES)
    categorical = ["__prediction", "color", "flag"]

    def base(ts, i):
        r = {"ts": iso(ts), "model": model, "prediction": str(rng.choice(["cat", "dog"], p=[0.6, 0.4])),
             "confidence": r6(rng.uniform(0.2, 1.0))}
        serving_fields(rng, r, i)
        return r

    ref_records = []
    for i, t in enumerate(times(rng, DAY - timedelta(days=1), 200, 86400)):
        r = base(t, i)
        f = {"beyond": r6(rng.uniform(0, 1)), "const": 5.0, "gone": r6(rng.normal(0, 1)),
             "allnull": r6(rng.normal(0, 1)), "sparse": r6(rng.normal(0, 1)), "ties": int(rng.poisson(3)),
             "color": str(rng.choice(["red", "green", "blue"], p=[0.5, 0.3, 0.2])), "flag": bool(rng.random() < 0.7)}
        for nm in ESCAPE_NAMES:
            f[nm] = r6(rng.normal(0, 1))
        if i < 2:
            f["beyond"] = "n/a"  # invalid in the reference
        if 2 <= i < 8:
            f["gone"] = None  # missing in the reference
        r["features"] = f
        ref_records.append(r)

    w1 = []
    for i, t in enumerate(times(rng, DAY, 45)):
        r = base(t, i)
        f = {"beyond": r6(rng.uniform(-0.5, 1.5)), "const": 5.0, "allnull": r6(rng.normal(0.2, 1)),
             "ties": int(rng.poisson(3)), "color": str(rng.choice(["red", "green", "blue", "purple", "black"],
                                                                   p=[0.4, 0.2, 0.2, 0.15, 0.05])),
             "flag": bool(rng.random() < 0.65)}
        if i < 20:
            f["sparse"] = r6(rng.normal(0, 1))  # below --min-count in this window
        for nm in ESCAPE_NAMES:
            f[nm] = r6(rng.normal(0.3, 1))
        # no "gone" key in any record of this window
        bad = {0: "abc", 1: "", 2: True, 3: float("nan"), 4: float("nan"), 5: float("inf"), 6: None}
        if i in bad:
            f["beyond"] = bad[i]
        if i == 7:
            del f["beyond"]
        if i == 8:
            f["color"] = 7  # a number for a categorical feature: invalid
        if i == 9:
            f["color"] = None
        if i == 10:
            f["flag"] = "true"  # a string category equal to the boolean's: same category
        if i == 11:
            r["prediction"] = 3.5  # a number for the categorical __prediction: invalid
        if i == 12:
            f["ties"] = -float("inf")
        r["features"] = f
        w1.append(r)

    w2 = []
    for i, t in enumerate(times(rng, DAY + timedelta(hours=1), 60)):
        r = base(t, i)
        f = {"beyond": r6(rng.uniform(0.5, 2.0)), "const": 6.0 if i % 6 == 0 else 5.0,
             "gone": r6(rng.normal(0.5, 1)), "allnull": None, "sparse": r6(rng.normal(0, 1)),
             "ties": int(rng.poisson(4)), "color": str(rng.choice(["red", "green", "blue"], p=[0.2, 0.3, 0.5])),
             "flag": bool(rng.random() < 0.4)}
        for nm in ESCAPE_NAMES:
            f[nm] = r6(rng.normal(0.0, 1.3))
        r["features"] = f
        w2.append(r)

    w3 = []  # below --min-count for every feature: counts only
    for i, t in enumerate(times(rng, DAY + timedelta(hours=2), 12)):
        r = base(t, i)
        r["features"] = {"beyond": r6(rng.uniform(0, 1)), "const": 5.0, "ties": 3, "color": "red", "flag": False}
        w3.append(r)

    d = os.path.join(OUT, "edge")
    os.makedirs(os.path.join(d, "reference"), exist_ok=True)
    os.makedirs(os.path.join(d, "current"), exist_ok=True)
    write_jsonl(os.path.join(d, "reference", "ref.jsonl"), ref_records)
    write_jsonl(os.path.join(d, "current", "cur.jsonl"), w1 + w2 + w3)
    ref, fd, mdl, srv, iq = expectations(
        model, ref_records,
        [(ms(DAY), w1), (ms(DAY) + WINDOW_MS, w2), (ms(DAY) + 2 * WINDOW_MS, w3)], numeric, categorical, None)
    expected = {"from": iso(DAY), "to": iso(DAY + timedelta(hours=3)), "window": "1h",
                "lines": len(w1) + len(w2) + len(w3), "snapshots": {model: ref},
                "feature_drift": fd, "model_drift": mdl, "model_serving": srv, "input_quality": iq,
                # a newline cannot travel in line protocol: it comes back as the two characters \n
                "tag_of_name": {nm: tag_value(nm) for nm in ESCAPE_NAMES}}
    return d, expected


# ---------------------------------------------------------------------------------------------- case: badio

def case_badio():
    rng = np.random.default_rng(99)
    model = "io"
    d = os.path.join(OUT, "badio")
    os.makedirs(os.path.join(d, "reference"), exist_ok=True)
    os.makedirs(os.path.join(d, "input"), exist_ok=True)

    def good(ts, i, m=model):
        r = {"ts": iso(ts), "model": m, "features": {"x": r6(rng.normal(0, 1)), "kind": str(rng.choice(["p", "q"]))},
             "confidence": r6(rng.uniform(0, 1))}
        serving_fields(rng, r, i)
        return r

    write_jsonl(os.path.join(d, "reference", "ref.jsonl"),
                [good(t, i) for i, t in enumerate(times(rng, DAY - timedelta(days=1), 100, 86400))])

    # ('good', model, window index) or ('bad',) per line, in file order
    lines = []  # (text, kind, model, window)

    def add_good(r):
        w = (ms(datetime.fromisoformat(r["ts"].replace("Z", "+00:00"))) - ms(DAY)) // WINDOW_MS \
            if isinstance(r["ts"], str) else (r["ts"] - ms(DAY)) // WINDOW_MS
        lines.append((dumps(r), "good", r["model"], int(w)))

    def add_bad(text):
        lines.append((text, "bad", None, None))

    ts = times(rng, DAY, 60, 7200)
    for i, t in enumerate(ts):
        add_good(good(t, i))
        if i == 3:
            add_bad('{"ts":"2026-11-24T00:10:00Z","model":"io","features":{"x":1.5')  # truncated JSON
        if i == 5:
            add_bad('[1,2,3]')
        if i == 6:
            add_bad('42')
        if i == 7:
            add_bad('"just a string"')
        if i == 8:
            add_bad('null')
        if i == 9:
            add_bad(dumps({"model": "io", "features": {"x": 1.0}}))  # no ts
        if i == 10:
            add_bad(dumps({"ts": "yesterday afternoon", "model": "io", "features": {"x": 1.0}}))
        if i == 11:
            add_bad(dumps({"ts": True, "model": "io"}))
        if i == 12:
            add_bad('{"ts":NaN,"model":"io"}')
        if i == 13:
            add_bad(dumps({"ts": iso(t), "features": {"x": 1.0}}))  # no model
        if i == 14:
            add_bad(dumps({"ts": iso(t), "model": 17}))
        if i == 15:
            add_bad("")  # an empty line
        if i == 16:
            add_bad("not json at all")
        if i == 17:
            add_bad(dumps({"ts": iso(t), "model": "io", "features": [1, 2]}))  # features not an object
        if i == 18:
            add_bad(dumps({"ts": iso(t), "model": "io", "latency_ms": "fast"}))  # top-level key of a wrong type
        if i == 19:
            add_bad('{"ts":"2026-11-24T00:20:00Z","model":"io"} trailing')
        if i == 20:  # good records with hostile values: wrong feature types, NaN / Infinity literals
            add_good({"ts": iso(t), "model": "io", "features": {"x": "abc", "kind": 5}})
            lines.append(('{"ts":"%s","model":"io","features":{"x":NaN,"kind":"p"},"latency_ms":Infinity}' % iso(t),
                          "good", "io", int((ms(t) - ms(DAY)) // WINDOW_MS)))
            lines.append(('{"ts":%d,"model":"io","features":{"x":-Infinity}}' % ms(t),
                          "good", "io", int((ms(t) - ms(DAY)) // WINDOW_MS)))
            add_good({"ts": iso(t), "model": "nosnap", "features": {"x": 1.0}})  # a model without a snapshot
    with open(os.path.join(d, "input", "a.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for text, *_ in lines:
            fh.write(text + "\n")
    n_a = len(lines)

    # b.jsonl: CRLF line endings and no newline after the last line
    b = [good(t, i) for i, t in enumerate(times(rng, DAY, 20, 7200))]
    with open(os.path.join(d, "input", "b.jsonl"), "wb") as fh:
        fh.write("\r\n".join(dumps(r) for r in b).encode("utf-8"))
    for r in b:
        add_good(r)

    # c.jsonl.gz: complete
    c = [good(t, i) for i, t in enumerate(times(rng, DAY, 200, 7200))]
    with open(os.path.join(d, "input", "c.jsonl.gz"), "wb") as fh:
        fh.write(gzip.compress("".join(dumps(r) + "\n" for r in c).encode("utf-8"), mtime=0))
    for r in c:
        add_good(r)

    # d.jsonl.gz: ends early (cut in the middle); the lines before the cut are read, the rest is one bad record
    dd = [good(t, i) for i, t in enumerate(times(rng, DAY, 300, 7200))]
    full = gzip.compress("".join(dumps(r) + "\n" for r in dd).encode("utf-8"), mtime=0)
    cut = full[: len(full) // 2]
    with open(os.path.join(d, "input", "d.jsonl.gz"), "wb") as fh:
        fh.write(cut)
    prefix = zlib.decompressobj(wbits=31).decompress(cut)
    complete = prefix.count(b"\n")
    for r in dd[:complete]:
        add_good(r)
    lines.append(("<input ends early>", "bad", None, None))

    good_lines = [l for l in lines if l[1] == "good"]
    bad_lines = [l for l in lines if l[1] == "bad"]
    serving = {}
    for _, _, m, w in good_lines:
        key = f"{m}|{(ms(DAY) + (w + 1) * WINDOW_MS) * 1_000_000}"
        serving[key] = serving.get(key, 0) + 1
    expected = {
        "from": iso(DAY), "to": iso(DAY + timedelta(hours=2)), "window": "1h",
        "records_in": len(lines), "bad_records": len(bad_lines), "good_records": len(good_lines),
        "bad_lines_in_a": [t for t, k, *_ in lines[:n_a] if k == "bad"],
        "truncated_file": "d.jsonl.gz", "truncated_complete_lines": complete,
        "serving_count": serving,
        "reference_records_io": sum(1 for _, _, m, _ in good_lines if m == "io"),
    }
    return d, expected


def main():
    for case in (case_shift, case_edge, case_badio):
        d, expected = case()
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as fh:
            json.dump(strip_private(expected), fh, ensure_ascii=False, indent=1, allow_nan=False)
        print("wrote", d)


if __name__ == "__main__":
    main()
