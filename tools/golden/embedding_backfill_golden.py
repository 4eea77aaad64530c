#!/usr/bin/env python3
"""Golden embedding drift end to end (CONTRACT.md 3d), with numpy.

Run from the repository root:  python3 tools/golden/embedding_backfill_golden.py
Writes jobs/src/test/resources/golden/embedding/predictions.jsonl (a generated case: a reference day and a
day of 6h windows whose last two windows shift the embedding) and expected.json (the snapshot's centroid and
spread, and each window's feature_drift figures of kind embedding). Besides good vectors, the input holds
vectors of the wrong length and a string (invalid), nulls and absent keys (missing), in both days.
"""
import json
import os

import numpy as np

DIR = os.path.join("jobs", "src", "test", "resources", "golden", "embedding")
DIM = 8
DAY = 86_400_000
START = 1_795_478_400_000  # 2026-11-24T00:00:00Z
WINDOW = 6 * 3_600_000


def main():
    rng = np.random.default_rng(1717)
    base = np.sin(np.arange(DIM))
    lines, ref, cur = [], [], {}
    n_ref, n_cur = 600, 400
    ref_invalid = ref_missing = 0
    win = {}
    for i in range(n_ref + n_cur):
        in_ref = i < n_ref
        ts = START + int((i + 0.5) * DAY / n_ref) if in_ref else START + DAY + int((i - n_ref + 0.5) * DAY / n_cur)
        w = None if in_ref else (ts - START - DAY) // WINDOW
        shift = 0.8 if (w is not None and w >= 2) else 0.0
        v = base + shift + rng.standard_normal(DIM)
        rec = {"ts": ts, "model": "emb-model", "request_id": "r%d" % i, "features": {"x": float(rng.standard_normal())}}
        kind = i % 50
        if not in_ref:
            win.setdefault(w, {"vectors": [], "missing": 0, "invalid": 0})
        if kind == 7:
            rec["features"]["embedding"] = [round(float(x), 6) for x in v[:DIM - 1]]  # wrong length
            if in_ref:
                ref_invalid += 1
            else:
                win[w]["invalid"] += 1
        elif kind == 13:
            rec["features"]["embedding"] = None
            if in_ref:
                ref_missing += 1
            else:
                win[w]["missing"] += 1
        elif kind == 21:
            if in_ref:
                ref_missing += 1  # absent key
            else:
                win[w]["missing"] += 1
        elif kind == 33 and not in_ref:
            rec["features"]["embedding"] = "not a vector"
            win[w]["invalid"] += 1
        else:
            x = np.round(v, 6)
            rec["features"]["embedding"] = [float(y) for y in x]
            (ref if in_ref else win[w]["vectors"]).append(x)
        lines.append(json.dumps(rec, separators=(",", ":")))
    ref = np.array(ref)
    centroid = ref.mean(axis=0)
    spread = float(np.linalg.norm(ref - centroid, axis=1).mean())
    windows = []
    for w in sorted(win):
        vs = np.array(win[w]["vectors"])
        m = vs.mean(axis=0)
        windows.append({
            "end_ms": START + DAY + (w + 1) * WINDOW,
            "count": len(vs), "missing": win[w]["missing"], "invalid": win[w]["invalid"], "dim": DIM,
            "centroid_distance": float(np.linalg.norm(m - centroid) / spread),
            "centroid_cosine": float(1 - m @ centroid / (np.linalg.norm(m) * np.linalg.norm(centroid))),
        })
    os.makedirs(DIR, exist_ok=True)
    with open(os.path.join(DIR, "predictions.jsonl"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(DIR, "expected.json"), "w") as fh:
        json.dump({"reference": {"dim": DIM, "count": len(ref), "missing": ref_missing, "invalid": ref_invalid,
                                 "centroid": centroid.tolist(), "spread": spread},
                   "windows": windows}, fh, indent=1)
    for w in windows:
        print(w)


if __name__ == "__main__":
    main()
