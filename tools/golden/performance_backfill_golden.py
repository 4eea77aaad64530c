#!/usr/bin/python3
"""Golden inputs and expected model_performance points for `backfill --labels` (issue 13), from sklearn.metrics.

Run from the repository root with Debian's python3 (apt-get install -y python3-sklearn):
    /usr/bin/python3 tools/golden/performance_backfill_golden.py
Writes jobs/src/test/resources/golden/performance/: reference/ and reference-labels/ (for the snapshots and
their calibration maps), current/ (two prediction files), labels/ (two label files, one running past --to),
and expected.json. The join follows contract section 1b as docs/performance.md states it:
  joined     the first label (in label time, then line order) at most --label-delay after its prediction;
  duplicate  a further such label;
  late       a label of a known prediction more than the delay after it, up to the prediction's window end
             plus the delay (when the window is final and the prediction forgotten);
  orphan     no prediction at or before the label (or a forgotten one); counted in the window of the
             label's time, at most the range's last window.
Labels are read in [from, to + delay). Fixed seed. In expected.json a field whose value is null must be ABSENT.
"""
import json
import os
from datetime import datetime, timezone

import numpy as np
from sklearn import metrics

OUT = os.path.join("jobs", "src", "test", "resources", "golden", "performance")
FROM = datetime(2026, 11, 24, 0, tzinfo=timezone.utc)
WINDOW = 3600_000
WINDOWS = 4
DELAY = 3600_000
MIN_COUNT = 30
THRESHOLD = 0.5
CLIP = 1e-15
T0 = int(FROM.timestamp() * 1000)
TO = T0 + WINDOWS * WINDOW
CAL_BINS = 20


def iso(ms):
    dt = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def dumps(o):
    return json.dumps(o, separators=(",", ":"))


def nearest_rank(values, percent):
    v = np.sort(np.asarray(values))
    rank = (percent * len(v) + 99) // 100
    return float(v[max(0, rank - 1)])


def ece(score, hit):
    score = np.asarray(score, dtype=float)
    hit = np.asarray(hit, dtype=float)
    b = np.minimum((score * 10).astype(int), 9)
    e = 0.0
    for i in range(10):
        m = b == i
        if m.any():
            e += m.sum() / len(score) * abs(score[m].mean() - hit[m].mean())
    return float(e)


def binary_label(rng, score):
    return int(rng.random() < (0.9 if score >= 0.5 else 0.1)) if rng.random() < 0.9 else int(rng.random() < 0.5)


def make_predictions(rng, start, end, counts):
    """counts: model -> number of predictions per window; returns list of dicts (with request ids)."""
    preds = []
    for model, per_window in counts.items():
        for w in range((end - start) // WINDOW):
            n = per_window[w] if isinstance(per_window, list) else per_window
            ts = np.sort(rng.integers(start + w * WINDOW, start + (w + 1) * WINDOW, n))
            for t in ts:
                p = {"ts": iso(int(t)), "model": model, "request_id": f"{model}-{len(preds)}"}
                if model == "fraud":
                    p["prediction"] = float(np.round(rng.beta(2, 2), 2))  # two decimals: many ties
                elif model == "intent":
                    p["prediction"] = str(rng.choice(["buy", "browse", "support"], p=[0.5, 0.3, 0.2]))
                    p["confidence"] = float(np.round(rng.uniform(0.34, 1), 3))
                else:
                    p["prediction"] = float(np.round(rng.normal(50, 15), 3))
                p["features"] = {"x": float(np.round(rng.normal(0, 1), 6))}
                p["_ms"] = int(t)
                preds.append(p)
    return preds


def make_label(rng, p, ts):
    lab = {"ts": iso(ts), "model": p["model"], "request_id": p["request_id"]}
    if p["model"] == "fraud":
        y = binary_label(rng, p["prediction"])
        lab["label"] = bool(y) if rng.random() < 0.3 else y
        if rng.random() < 0.5:
            lab["outcomes"] = {"chargeback_eur": float(np.round(rng.gamma(2, 30), 2)) if y else 0.0}
    elif p["model"] == "intent":
        lab["label"] = p["prediction"] if rng.random() < 0.75 else str(rng.choice(["buy", "browse", "support", "cancel"]))
    else:
        lab["label"] = float(np.round(p["prediction"] + rng.normal(-1, 6), 3)) if rng.random() < 0.95 else 0.0
    lab["_ms"] = ts
    return lab


def classify(pred_ts, label_ts, joined):
    if pred_ts is None or label_ts < pred_ts:
        return "orphan"
    if label_ts - pred_ts <= DELAY:
        return "duplicate" if joined else "joined"
    final_at = (pred_ts // WINDOW) * WINDOW + WINDOW + DELAY - 1  # the last instant before the window is final
    return "late" if label_ts <= final_at else "orphan"


def main():
    rng = np.random.default_rng(1313)
    os.makedirs(OUT, exist_ok=True)

    # reference: the day before, predictions and labels (the labels teach the calibration map)
    ref_from = T0 - 6 * WINDOW
    ref = make_predictions(rng, ref_from, T0, {"fraud": 400, "intent": 100, "price": 100})
    ref_labels = [make_label(rng, p, p["_ms"] + int(rng.integers(1000, 1800_000))) for p in ref]
    ref_labels = [l for l in ref_labels if l["_ms"] < T0]  # inside the reference range
    write(os.path.join(OUT, "reference", "predictions.jsonl"), ref)
    write(os.path.join(OUT, "reference-labels", "labels.jsonl"), ref_labels)
    by_id = {p["request_id"]: p for p in ref}
    counts = np.zeros(CAL_BINS, dtype=int)
    positives = np.zeros(CAL_BINS, dtype=int)
    seen = set()
    for l in sorted(ref_labels, key=lambda l: (l["_ms"], dumps(strip(l)))):
        p = by_id[l["request_id"]]
        if l["model"] != "fraud" or l["request_id"] in seen or l["_ms"] - p["_ms"] > DELAY:
            continue
        seen.add(l["request_id"])
        b = min(int(p["prediction"] * CAL_BINS), CAL_BINS - 1)
        counts[b] += 1
        positives[b] += int(l["label"] in (1, True))
    cal = np.where(counts == 0, (np.arange(CAL_BINS) + 0.5) / CAL_BINS, positives / np.maximum(counts, 1))

    # current: 4 windows; price has few predictions in the last window (below --min-count)
    cur = make_predictions(rng, T0, TO, {"fraud": 250, "intent": 120, "price": [80, 80, 80, 12]})
    labels = []
    for p in cur:
        if rng.random() < 0.85:
            labels.append(make_label(rng, p, p["_ms"] + int(rng.integers(1000, 3000_000))))
    # predictions without a request_id: counted, never joined
    for k in range(5):
        cur.append({"ts": iso(T0 + 600_000 + k), "model": "fraud", "prediction": 0.7, "_ms": T0 + 600_000 + k})
    fraud = [p for p in cur if p["model"] == "fraud" and "request_id" in p]
    special = []
    special.append(make_label(rng, fraud[3], fraud[3]["_ms"] + 5000) | {"request_id": "nobody-asked"})  # unknown
    twice = fraud[10]
    special.append(make_label(rng, twice, twice["_ms"] + 2000))
    special.append(make_label(rng, twice, twice["_ms"] + 9000))  # a label twice
    late = fraud[20]
    special.append(make_label(rng, late, late["_ms"] + DELAY + 60_000))  # after the delay
    gone = fraud[30]
    special.append(make_label(rng, gone, (gone["_ms"] // WINDOW) * WINDOW + WINDOW + DELAY + 5000))  # forgotten
    early = fraud[40]
    special.append(make_label(rng, early, early["_ms"] - 1000))  # before its prediction
    last = [p for p in fraud if p["_ms"] >= TO - 600_000][0]
    special.append(make_label(rng, last, TO + 900_000))  # past --to, within the delay: joins
    same = fraud[50]
    a = make_label(rng, same, same["_ms"] + 7000)
    b = dict(a)
    b["label"] = 0 if a["label"] in (1, True) else 1
    special += [a, b]  # two labels at the same time: the first in line order wins
    taken = {l["request_id"] for l in special}
    labels = [x for x in labels if x["request_id"] not in taken] + special  # only the special labels of those
    outside = make_label(rng, fraud[0], T0 - 1000)  # before --from: not read
    labels.append(outside)
    rng.shuffle(labels)

    # the join, in Python, from the rules above
    pred_by_key = {}
    for p in cur:
        if "request_id" in p:
            k = (p["model"], p["request_id"])
            if k not in pred_by_key or p["_ms"] < pred_by_key[k]["_ms"]:
                pred_by_key[k] = p
    in_range = [l for l in labels if T0 <= l["_ms"] < TO + DELAY]
    by_key = {}
    for l in in_range:
        by_key.setdefault((l["model"], l["request_id"]), []).append(l)
    win = {}

    def w(model, start):
        return win.setdefault((model, start), {"preds": [], "pairs": [], "orphan": 0, "late": 0, "duplicate": 0})

    for p in cur:
        w(p["model"], (p["_ms"] // WINDOW) * WINDOW)["preds"].append(p)
    reasons = {"orphan_label": 0, "late_label": 0, "duplicate_label": 0}
    last_start = TO - WINDOW
    for k, ls in by_key.items():
        p = pred_by_key.get(k)
        joined = False
        for l in sorted(ls, key=lambda l: (l["_ms"], dumps(strip(l)))):
            v = classify(None if p is None else p["_ms"], l["_ms"], joined)
            if v == "joined":
                joined = True
                w(p["model"], (p["_ms"] // WINDOW) * WINDOW)["pairs"].append((p, l))
            elif v == "orphan":
                w(l["model"], min((l["_ms"] // WINDOW) * WINDOW, last_start))["orphan"] += 1
                reasons["orphan_label"] += 1
            else:
                w(p["model"], (p["_ms"] // WINDOW) * WINDOW)[v] += 1
                reasons[v + "_label"] += 1

    points = []
    for (model, start), d in sorted(win.items()):
        points.append(expected_point(model, start, d, cal if model == "fraud" else None))

    write(os.path.join(OUT, "current", "predictions-a.jsonl"), [p for i, p in enumerate(cur) if i % 2 == 0])
    write(os.path.join(OUT, "current", "predictions-b.jsonl"), [p for i, p in enumerate(cur) if i % 2 == 1])
    half = len(labels) // 2
    write(os.path.join(OUT, "labels", "labels-a.jsonl"), labels[:half])
    write(os.path.join(OUT, "labels", "labels-b.jsonl"), labels[half:], extra=["this is not a label"])
    expected = {
        "from": iso(T0), "to": iso(TO), "window": "1h", "label_delay": "1h", "min_count": MIN_COUNT,
        "predictions": len(cur), "labels_in": len(in_range), "bad_label_records": 1,
        "joined": sum(len(d["pairs"]) for d in win.values()), "dead_letter_reasons": reasons,
        "calibration": {"counts": counts.tolist(), "positives": positives.tolist()},
        "points": points,
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("points", len(points), "labels_in", len(in_range), "joined", expected["joined"], reasons)


def strip(d):
    return {k: v for k, v in d.items() if not k.startswith("_")}


def write(path, rows, extra=()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for r in rows:
            f.write(dumps(strip(r)) + "\n")
        for e in extra:
            f.write(e + "\n")


def expected_point(model, start, d, cal):
    pairs = d["pairs"]
    n_pred = len(d["preds"])
    e = {"model": model, "window_end_ms": start + WINDOW, "final": True,
         "predictions": n_pred, "labelled": len(pairs),
         "label_coverage": len(pairs) / n_pred if n_pred else None,
         "orphan_labels": d["orphan"], "late_labels": d["late"], "duplicate_labels": d["duplicate"]}
    ok = len(pairs) >= MIN_COUNT and len(pairs) > 0
    delays = [(l["_ms"] - p["_ms"]) / 1000.0 for p, l in pairs]
    e["label_delay_p50"] = nearest_rank(delays, 50) if ok else None
    e["label_delay_p99"] = nearest_rank(delays, 99) if ok else None
    if model == "fraud":
        y = np.array([1 if l["label"] in (1, True) else 0 for _, l in pairs])
        s = np.array([p["prediction"] for p, _ in pairs])
        keys = ["accuracy", "precision", "recall", "f1", "auc", "log_loss", "brier", "ece", "positive_rate",
                "predicted_positive_rate"]
        if ok:
            yp = (s >= THRESHOLD).astype(int)
            e |= {"accuracy": metrics.accuracy_score(y, yp),
                  "precision": metrics.precision_score(y, yp, zero_division=0),
                  "recall": metrics.recall_score(y, yp, zero_division=0),
                  "f1": metrics.f1_score(y, yp, zero_division=0),
                  "auc": metrics.roc_auc_score(y, s) if len(set(y)) == 2 else None,
                  "log_loss": metrics.log_loss(y, np.clip(s, CLIP, 1 - CLIP), labels=[0, 1]),
                  "brier": metrics.brier_score_loss(y, s, pos_label=1),
                  "ece": ece(s, y), "positive_rate": float(y.mean()), "predicted_positive_rate": float(yp.mean())}
        else:
            e |= {k: None for k in keys}
        names = sorted({k for _, l in pairs for k in l.get("outcomes", {})})
        for name in names:
            vals = [l["outcomes"][name] for _, l in pairs if name in l.get("outcomes", {})]
            e["outcome_" + name + "_count"] = len(vals)
            e["outcome_" + name] = float(np.mean(vals)) if len(vals) >= MIN_COUNT else None
        scores = np.array([p["prediction"] for p in d["preds"]])
        cb = np.minimum((scores * CAL_BINS).astype(int), CAL_BINS - 1)
        est = np.where(scores >= THRESHOLD, cal[cb], 1 - cal[cb])
        e["estimated_accuracy"] = float(est.mean()) if len(scores) >= MIN_COUNT else None
    elif model == "intent":
        y = [l["label"] for _, l in pairs]
        yp = [p["prediction"] for p, _ in pairs]
        if ok:
            labels = sorted(set(y) | set(yp))
            e |= {"accuracy": metrics.accuracy_score(y, yp),
                  "macro_f1": metrics.f1_score(y, yp, labels=labels, average="macro", zero_division=0),
                  "ece": ece([p["confidence"] for p, _ in pairs], [a == b for a, b in zip(y, yp)])}
        else:
            e |= {"accuracy": None, "macro_f1": None, "ece": None}
    else:
        y = np.array([l["label"] for _, l in pairs])
        yp = np.array([p["prediction"] for p, _ in pairs])
        if ok:
            nz = y != 0
            e |= {"mae": metrics.mean_absolute_error(y, yp), "rmse": float(np.sqrt(metrics.mean_squared_error(y, yp))),
                  "mape": float(np.mean(np.abs(yp[nz] - y[nz]) / np.abs(y[nz]))),
                  "r2": metrics.r2_score(y, yp), "bias": float(np.mean(yp - y))}
        else:
            e |= {k: None for k in ("mae", "rmse", "mape", "r2", "bias")}
    return e


if __name__ == "__main__":
    main()
