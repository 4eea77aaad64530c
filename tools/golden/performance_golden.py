#!/usr/bin/python3
"""Golden values of model performance (contract section 3e) from sklearn.metrics, for issue 13.

Run from the repository root with Debian's python3 (apt-get install -y python3-sklearn):
    /usr/bin/python3 tools/golden/performance_golden.py
Writes common/src/test/resources/performance/cases.json: per case the labelled pairs, the unlabelled
predictions, the options and the expected figures, computed here with sklearn.metrics / numpy straight
from the contract, never from the Java code. PerformanceAccumulatorTest reads them. Fixed seeds.

In "expected" a field whose value is null must be ABSENT from the point.
Tolerances (test side): auc 1e-3 absolute (histogram of 8192 bins), everything else 1e-9 relative.
"""
import json
import math
import os

import numpy as np
from sklearn import metrics

OUT = os.path.join("common", "src", "test", "resources", "performance")
ECE_BINS = 10
CAL_BINS = 20
CLIP = 1e-15


def nearest_rank(values, percent):
    v = np.sort(np.asarray(values))
    rank = (percent * len(v) + 99) // 100  # ceil(p n / 100) in integers
    return float(v[max(0, rank - 1)])


def ece(score, hit):
    score = np.asarray(score, dtype=float)
    hit = np.asarray(hit, dtype=float)
    b = np.minimum((score * ECE_BINS).astype(int), ECE_BINS - 1)
    e = 0.0
    for i in range(ECE_BINS):
        m = b == i
        if m.any():
            e += m.sum() / len(score) * abs(score[m].mean() - hit[m].mean())
    return float(e)


def common(pairs, unlabelled, min_count):
    n_pred = len(pairs) + len(unlabelled)
    exp = {"predictions": n_pred, "labelled": len(pairs),
           "label_coverage": len(pairs) / n_pred if n_pred else None}
    delays = [p["delay_ms"] / 1000.0 for p in pairs]
    ok = len(pairs) >= min_count and len(pairs) > 0
    exp["label_delay_p50"] = nearest_rank(delays, 50) if ok else None
    exp["label_delay_p99"] = nearest_rank(delays, 99) if ok else None
    names = sorted({k for p in pairs for k in p.get("outcomes", {})})
    for name in names:
        vals = [p["outcomes"][name] for p in pairs if name in p.get("outcomes", {})]
        exp["outcome_" + name + "_count"] = len(vals)
        exp["outcome_" + name] = float(np.mean(vals)) if len(vals) >= min_count else None
    return exp


def binary_expected(pairs, unlabelled, threshold, min_count, calibration):
    exp = common(pairs, unlabelled, min_count)
    y = np.array([1 if p["label"] in (1, True) else 0 for p in pairs])
    s = np.array([p["prediction"] for p in pairs], dtype=float)
    keys = ["accuracy", "precision", "recall", "f1", "auc", "log_loss", "brier", "ece", "positive_rate",
            "predicted_positive_rate"]
    if len(pairs) >= min_count and len(pairs) > 0:
        yp = (s >= threshold).astype(int)
        exp["accuracy"] = metrics.accuracy_score(y, yp)
        exp["precision"] = metrics.precision_score(y, yp, zero_division=0)
        exp["recall"] = metrics.recall_score(y, yp, zero_division=0)
        exp["f1"] = metrics.f1_score(y, yp, zero_division=0)
        exp["auc"] = metrics.roc_auc_score(y, s) if len(set(y)) == 2 else None
        exp["log_loss"] = metrics.log_loss(y, np.clip(s, CLIP, 1 - CLIP), labels=[0, 1])
        exp["brier"] = metrics.brier_score_loss(y, s, pos_label=1)
        exp["ece"] = ece(s, y)
        exp["positive_rate"] = float(y.mean())
        exp["predicted_positive_rate"] = float(yp.mean())
    else:
        for k in keys:
            exp[k] = None
    if calibration is not None:
        counts, pos = np.array(calibration["counts"]), np.array(calibration["positives"])
        c = np.where(counts == 0, (np.arange(CAL_BINS) + 0.5) / CAL_BINS, pos / np.maximum(counts, 1))
        scores = np.concatenate([s, np.array(unlabelled, dtype=float)])
        scores = scores[(scores >= 0) & (scores <= 1)]
        cb = np.minimum((scores * CAL_BINS).astype(int), CAL_BINS - 1)
        est = np.where(scores >= threshold, c[cb], 1 - c[cb])
        exp["estimated_accuracy"] = float(est.mean()) if len(scores) >= min_count else None
    return exp


def class_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    return v


def multiclass_expected(pairs, unlabelled, min_count):
    exp = common(pairs, unlabelled, min_count)
    y = [class_text(p["label"]) for p in pairs]
    yp = [class_text(p["prediction"]) for p in pairs]
    if len(pairs) >= min_count and len(pairs) > 0:
        labels = sorted(set(y) | set(yp))
        exp["accuracy"] = metrics.accuracy_score(y, yp)
        exp["macro_f1"] = metrics.f1_score(y, yp, labels=labels, average="macro", zero_division=0)
        with_conf = [(p["confidence"], a == b) for p, a, b in zip(pairs, y, yp) if p.get("confidence") is not None]
        exp["ece"] = ece([c for c, _ in with_conf], [h for _, h in with_conf]) if len(with_conf) >= min_count else None
    else:
        exp["accuracy"] = exp["macro_f1"] = exp["ece"] = None
    return exp


def regression_expected(pairs, unlabelled, min_count):
    exp = common(pairs, unlabelled, min_count)
    y = np.array([p["label"] for p in pairs], dtype=float)
    yp = np.array([p["prediction"] for p in pairs], dtype=float)
    if len(pairs) >= min_count and len(pairs) > 0:
        exp["mae"] = metrics.mean_absolute_error(y, yp)
        exp["rmse"] = math.sqrt(metrics.mean_squared_error(y, yp))
        nz = y != 0
        exp["mape"] = float(np.mean(np.abs(yp[nz] - y[nz]) / np.abs(y[nz]))) if nz.any() else None
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        exp["r2"] = metrics.r2_score(y, yp) if ss_tot > 0 else None
        exp["bias"] = float(np.mean(yp - y))
    else:
        for k in ("mae", "rmse", "mape", "r2", "bias"):
            exp[k] = None
    return exp


def delays(rng, n):
    # seconds to hours, in whole milliseconds, with repeats (ties at the ranks)
    d = rng.exponential(600_000, n).astype(np.int64)
    d[: n // 10] = 5000
    return [int(x) for x in d]


def binary_case(name, rng, n, n_unlabelled, threshold=0.5, min_count=30, ties=False, one_class=False,
                outcomes=False, calibrate=False):
    y = rng.random(n) < 0.3
    if one_class:
        y[:] = False
    s = np.clip(np.where(y, rng.beta(5, 2, n), rng.beta(2, 5, n)), 0, 1)
    if ties:
        s = np.round(s * 10) / 10  # scores on 0.0, 0.1, ..., 1.0: many ties, some exactly at the threshold
    d = delays(rng, n)
    pairs = []
    for i in range(n):
        lab = bool(y[i]) if i % 3 == 0 else int(y[i])  # booleans and 0/1 both
        p = {"prediction": float(s[i]), "label": lab, "delay_ms": d[i]}
        if outcomes:
            p["outcomes"] = {"converted": int(rng.random() < 0.2)}
            if i % 2 == 0:
                p["outcomes"]["revenue"] = float(np.round(rng.gamma(2, 10), 2))
        pairs.append(p)
    unl = [float(x) for x in rng.random(n_unlabelled)]
    calibration = None
    if calibrate:
        ry = rng.random(5000) < 0.3
        rs = np.where(ry, rng.beta(5, 2, 5000), rng.beta(2, 5, 5000))
        rb = np.minimum((rs * CAL_BINS).astype(int), CAL_BINS - 1)
        rb = rb[rb != 19]  # leave the top bin empty: it maps to its mid score
        ry = ry[: len(rb)]
        calibration = {"counts": [int((rb == b).sum()) for b in range(CAL_BINS)],
                       "positives": [int(((rb == b) & ry).sum()) for b in range(CAL_BINS)]}
    return {"name": name, "task": "binary", "threshold": threshold, "min_count": min_count, "pairs": pairs,
            "unlabelled": unl, "calibration": calibration,
            "expected": binary_expected(pairs, unl, threshold, min_count, calibration)}


def multiclass_case(name, rng, n, min_count=30):
    classes = ["cat", "dog", "bird", "fish"]
    y = rng.choice(classes[:3], n, p=[0.5, 0.3, 0.2])
    pairs = []
    for i in range(n):
        r = rng.random()
        pred = y[i] if r < 0.7 else rng.choice(classes)  # "fish" is predicted but never a label
        conf = float(np.round(rng.uniform(0.3, 1.0), 3))
        p = {"prediction": str(pred), "label": str(y[i]), "delay_ms": int(rng.integers(1000, 100000))}
        if i % 5 != 0:
            p["confidence"] = conf
        pairs.append(p)
    return {"name": name, "task": "multiclass", "threshold": 0.5, "min_count": min_count, "pairs": pairs,
            "unlabelled": [], "calibration": None, "expected": multiclass_expected(pairs, [], min_count)}


def regression_case(name, rng, n, min_count=30, constant=False):
    y = np.round(rng.normal(100, 30, n), 1)
    y[::7] = 0.0  # labels 0 leave mape
    if constant:
        y[:] = 42.0
    yp = y + rng.normal(2, 10, n)
    pairs = [{"prediction": float(yp[i]), "label": float(y[i]), "delay_ms": int(rng.integers(0, 3600_000))}
             for i in range(n)]
    return {"name": name, "task": "regression", "threshold": 0.5, "min_count": min_count, "pairs": pairs,
            "unlabelled": [float(x) for x in rng.normal(100, 30, 17)], "calibration": None,
            "expected": regression_expected(pairs, [], min_count) | {
                "predictions": n + 17, "label_coverage": n / (n + 17)}}


def main():
    rng = np.random.default_rng(13)
    cases = [
        binary_case("binary", rng, 2000, 300, outcomes=True, calibrate=True),
        binary_case("binary_ties", rng, 500, 0, ties=True),
        binary_case("binary_threshold_0.3", rng, 800, 50, threshold=0.3, calibrate=True),
        binary_case("binary_one_class", rng, 200, 0, one_class=True),
        binary_case("binary_below_min_count", rng, 20, 5, calibrate=True),
        binary_case("binary_large", rng, 6000, 0),  # past the exact label delay buffer (4096)
        multiclass_case("multiclass", rng, 1500),
        multiclass_case("multiclass_below_min_count", rng, 12),
        regression_case("regression", rng, 1000),
        regression_case("regression_constant_labels", rng, 100, constant=True),
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generator": "tools/golden/performance_golden.py", "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    for c in cases:
        print(c["name"], {k: v for k, v in c["expected"].items() if k in ("accuracy", "auc", "mae", "r2")})


if __name__ == "__main__":
    main()
