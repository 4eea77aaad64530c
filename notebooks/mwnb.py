"""Helpers shared by the modelwatch notebooks: InfluxQL into pandas, bounded time ranges, figure bookkeeping.

The notebooks read what the jobs write (CONTRACT.md section 4) from InfluxDB 1.x with InfluxQL through the
`influxdb` python client (Debian: python3-influxdb). Every query is bounded in time: a GROUP BY time()
without an upper bound makes InfluxDB fill buckets up to now().

Figures go through `save()`, which writes FIG.png into the output folder and records, per axes, how many
data values it plots and which note it carries; `finish()` writes that record to figures.json, and fails
when a figure plots nothing, so a notebook run in CI cannot pass with an empty chart.
"""
import json
import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import matplotlib

try:
    from IPython import get_ipython
    IN_KERNEL = get_ipython() is not None
except ImportError:
    IN_KERNEL = False
if not IN_KERNEL:
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from influxdb import InfluxDBClient  # noqa: E402

SEVERITY_COLOURS = {"P0": "#b2182b", "P1": "#ef8a62", "P2": "#f4c542", "P3": "#67a9cf"}

plt.rcParams.update({
    "figure.dpi": 100, "savefig.dpi": 110, "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False,
    "axes.spines.right": False, "axes.titlesize": 12, "axes.titleweight": "bold", "font.size": 10,
})


def parse_time(text, default):
    """ISO-8601 (a date alone means its midnight UTC), 'now', or 'now-6h' / 'now-2d'; empty gives default."""
    text = (text or "").strip()
    if not text:
        return default
    m = re.fullmatch(r"now(?:-(\d+)([smhd]))?", text)
    if m:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        if not m.group(1):
            return now
        unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[m.group(2)]
        return now - timedelta(**{unit: int(m.group(1))})
    t = pd.Timestamp(text)
    t = t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
    return t.to_pydatetime()


def time_range(from_text, to_text):
    """(FROM, TO) as UTC datetimes; TO defaults to now, FROM to TO - 24h."""
    to = parse_time(to_text, datetime.now(timezone.utc).replace(microsecond=0))
    start = parse_time(from_text, to - timedelta(days=1))
    if start >= to:
        raise ValueError(f"FROM ({start}) must be before TO ({to})")
    return start, to


def iso(t):
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def quote(value):
    """An InfluxQL string literal."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class Influx:
    """A read-only InfluxQL connection; credentials from INFLUX_USER/INFLUX_PASSWORD as the jobs take them."""

    def __init__(self, url, database, start, end):
        u = urlparse(url)
        self.client = InfluxDBClient(host=u.hostname or "localhost", port=u.port or 8086,
                                     username=os.environ.get("INFLUX_USER"),
                                     password=os.environ.get("INFLUX_PASSWORD"),
                                     database=database, ssl=u.scheme == "https", verify_ssl=u.scheme == "https",
                                     path=u.path.strip("/") or "", timeout=60)
        self.database = database
        self.start, self.end = start, end
        self.queries = []

    @property
    def where_time(self):
        """The time bound every query carries."""
        return f"time >= {quote(iso(self.start))} AND time <= {quote(iso(self.end))}"

    def frame(self, influxql):
        """Runs one InfluxQL statement; one DataFrame, tags as columns, a UTC 'time' column."""
        self.queries.append(influxql)
        result = self.client.query(influxql, epoch="ms")
        rows = []
        for (_, tags), points in result.items():
            for p in points:
                if tags:
                    p.update(tags)
                rows.append(p)
        df = pd.DataFrame(rows)
        if "time" in df:
            df["time"] = pd.to_datetime(df["time"], unit="ms", utc=True)
        return df

    def measurements(self):
        df = self.frame("SHOW MEASUREMENTS")
        return set(df["name"]) if "name" in df else set()

    def tag_values(self, measurement, key):
        df = self.frame(f'SHOW TAG VALUES FROM "{measurement}" WITH KEY = "{key}" WHERE {self.where_time}')
        return sorted(df["value"]) if "value" in df else []


class Figures:
    """Saves figures as PNG and keeps the record that CI checks (figures.json)."""

    def __init__(self, output_dir, notebook):
        self.dir = os.path.abspath(output_dir)
        os.makedirs(self.dir, exist_ok=True)
        self.notebook = notebook
        self.record = []

    def save(self, fig, name):
        axes = []
        for ax in fig.axes:
            if getattr(ax, "_mw_colorbar", False) or ax.get_label() == "<colorbar>":
                continue
            axes.append({"title": ax.get_title() or ax.get_ylabel(), "data": plotted_values(ax),
                         "note": getattr(ax, "_mw_note", None)})
        path = os.path.join(self.dir, name + ".png")
        fig.savefig(path, bbox_inches="tight")
        if IN_KERNEL:
            from IPython.display import display
            display(fig)
        plt.close(fig)
        self.record.append({"figure": name, "file": path, "axes": axes})
        print(f"saved {path}: " + ", ".join(f"{a['title']!r} {a['data']} values"
                                             + (f" (note: {a['note']})" if a["note"] else "") for a in axes))
        return path

    def finish(self):
        with open(os.path.join(self.dir, "figures.json"), "w") as f:
            json.dump({"notebook": self.notebook, "figures": self.record}, f, indent=2)
        empty = [r["figure"] for r in self.record if sum(a["data"] for a in r["axes"]) == 0]
        silent = [f"{r['figure']}/{a['title']}" for r in self.record for a in r["axes"]
                  if a["data"] == 0 and not a["note"]]
        if empty or silent:
            raise AssertionError(f"empty figures {empty}, empty axes without a note {silent}")
        return self.record


def plotted_values(ax):
    """How many data values an axes shows: line points, scatter/bar/heatmap cells (not reference lines)."""
    n = 0
    for line in ax.get_lines():
        if getattr(line, "_mw_reference", False):
            continue
        y = np.asarray(line.get_ydata(), dtype=float)
        n += int(np.isfinite(y).sum())
    for c in ax.collections:
        if getattr(c, "_mw_reference", False):
            continue
        if hasattr(c, "get_offsets") and len(c.get_offsets()) and c.get_offsets().ndim == 2:
            n += len(c.get_offsets()) if type(c).__name__ == "PathCollection" else 0
        if type(c).__name__ in ("BrokenBarHCollection", "PolyCollection"):
            n += len(c.get_paths())
        if type(c).__name__ == "QuadMesh":
            a = c.get_array()
            n += int(np.ma.count(a)) if a is not None else 0
    n += sum(1 for p in ax.patches if getattr(p, "get_height", None) and p.get_height() and p.get_width())
    for im in ax.images:
        n += int(np.ma.count(im.get_array()))
    return n


def note(ax, text, width=44):
    """Writes a visible note into an axes (e.g. 'no GPU points in range') and records it for CI."""
    import textwrap
    ax._mw_note = " ".join(text.split())
    wrapped = "\n".join(textwrap.fill(part, width) for part in text.split("\n"))
    if not ax.has_data():
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.grid(False)
    ax.text(0.5, 0.5, wrapped, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#555555",
            bbox=dict(boxstyle="round,pad=0.8", facecolor="#f7f7f7", edgecolor="#cccccc"))


def reference_line(ax, y, label, colour="#888888", style="--"):
    """A horizontal threshold line that does not count as data."""
    line = ax.axhline(y, color=colour, linestyle=style, linewidth=1)
    line._mw_reference = True
    ax.annotate(label, xy=(1, y), xycoords=("axes fraction", "data"), xytext=(-4, 2),
                textcoords="offset points", ha="right", va="bottom", fontsize=8, color=colour)
    return line


def time_axis(ax, start, end, pad=0.015):
    """A UTC time x axis from start to end, padded a little so points on the edges stay whole."""
    import matplotlib.dates as mdates
    margin = (pd.Timestamp(end) - pd.Timestamp(start)) * pad
    ax.set_xlim(pd.Timestamp(start) - margin, pd.Timestamp(end) + margin)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
