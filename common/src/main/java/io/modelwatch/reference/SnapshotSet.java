package io.modelwatch.reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The snapshots of a reference folder, by model and segment, each series ordered by valid_from (contract 2b): a
 * window [start, end) uses the snapshot of its model (and segment) with the greatest {@code valid_from <= start};
 * a window older than every snapshot uses the oldest one (said once per model and segment), so a model with one
 * snapshot uses it for every window, as before snapshots were dated. Two snapshots of one series with the same
 * valid_from: the later file name wins (files are read in name order). Immutable apart from the once-only notices,
 * so one set is shared by every task of a JVM.
 */
public final class SnapshotSet {
    /** By series key ({@link #key}), ascending valid_from. */
    private final Map<String, List<Snapshot>> series;
    private final Set<String> noticed = ConcurrentHashMap.newKeySet();

    public SnapshotSet(Collection<Snapshot> snapshots) {
        Map<String, List<Snapshot>> by = new TreeMap<>();
        for (Snapshot s : snapshots) by.computeIfAbsent(key(s.model, s.segment()), k -> new ArrayList<>()).add(s);
        for (Map.Entry<String, List<Snapshot>> e : by.entrySet()) {
            List<Snapshot> list = e.getValue();
            list.sort(Comparator.comparingLong(Snapshot::validFromMillis)); // stable: the later file stays later
            List<Snapshot> distinct = new ArrayList<>();
            for (Snapshot s : list) {
                if (!distinct.isEmpty() && distinct.get(distinct.size() - 1).validFromMillis() == s.validFromMillis()) {
                    distinct.set(distinct.size() - 1, s);
                } else {
                    distinct.add(s);
                }
            }
            e.setValue(Collections.unmodifiableList(distinct));
        }
        this.series = Collections.unmodifiableMap(by);
    }

    static String key(String model, String segment) {
        return segment == null ? model : model + '\u0000' + segment;
    }

    /** The snapshots of a model's whole traffic ({@code segment} null) or of one segment, by valid_from; maybe empty. */
    public List<Snapshot> series(String model, String segment) {
        return series.getOrDefault(key(model, segment), List.of());
    }

    /** The models that have a snapshot of their whole traffic. */
    public Set<String> models() {
        Set<String> out = new java.util.TreeSet<>();
        for (List<Snapshot> l : series.values()) if (l.get(0).segment() == null) out.add(l.get(0).model);
        return out;
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /**
     * The snapshot for a window of a series ({@link io.modelwatch.segment.Segments}: a model, or a model's segment)
     * starting at {@code windowStart}, or null: a segment's own snapshot where the folder has one, else the model's
     * (contract 2b).
     */
    public Snapshot pick(String series, long windowStart) {
        return pickSeries(series, windowStart, null);
    }

    /** As {@link #pick(String, long)}, {@code notice} (may be null) told once per series of a window older than all. */
    public Snapshot pickSeries(String series, long windowStart, Consumer<String> notice) {
        String segment = io.modelwatch.segment.Segments.segment(series);
        if (segment == null) return pick(series, null, windowStart, notice);
        String model = io.modelwatch.segment.Segments.model(series);
        return pick(model, series(model, segment).isEmpty() ? null : segment, windowStart, notice);
    }

    /**
     * This set without the segment snapshots of another {@code --segment-by} than {@code key} (null: without any): a
     * segment is compared with its own snapshot only when the reference was built with the same key (contract 2b).
     */
    public SnapshotSet forSegmentBy(String key) {
        return filtered.computeIfAbsent(key == null ? "" : key, k -> filter(key)); // one per key: shared, as this set is
    }

    private final Map<String, SnapshotSet> filtered = new ConcurrentHashMap<>();

    private SnapshotSet filter(String key) {
        List<Snapshot> kept = new ArrayList<>();
        boolean dropped = false;
        for (List<Snapshot> l : series.values()) {
            for (Snapshot s : l) {
                if (s.segment() == null || s.segmentBy().equals(key)) kept.add(s);
                else dropped = true;
            }
        }
        return dropped ? new SnapshotSet(kept) : this;
    }

    /** The segments of a model that have their own snapshot, in name order. */
    public List<String> segments(String model) {
        List<String> out = new ArrayList<>();
        for (List<Snapshot> l : series.values()) {
            Snapshot s = l.get(0);
            if (s.model.equals(model) && s.segment() != null) out.add(s.segment());
        }
        out.sort(null);
        return out;
    }

    /**
     * The snapshot a window of {@code model} (and {@code segment}, null for the whole model) starting at
     * {@code windowStart} uses: the greatest valid_from at or before the start, else the oldest; null when the
     * series has none. {@code notice} (may be null) hears, once per series, that a window was older than all.
     */
    public Snapshot pick(String model, String segment, long windowStart, Consumer<String> notice) {
        List<Snapshot> l = series(model, segment);
        if (l.isEmpty()) return null;
        int i = indexAt(l, windowStart);
        if (i < 0) {
            if (notice != null && noticed.add(key(model, segment))) {
                notice.accept("model '" + model + "'" + (segment == null ? "" : " segment '" + segment + "'")
                        + ": a window starting " + java.time.Instant.ofEpochMilli(windowStart)
                        + " is older than every snapshot; it and any older ones use the oldest, "
                        + l.get(0).referenceName());
            }
            return l.get(0);
        }
        return l.get(i);
    }

    /**
     * The valid_from of the snapshot after the one {@link #pick} gives for {@code windowStart}, or
     * {@code Long.MAX_VALUE}: windows from {@code windowStart} up to it use the same snapshot.
     */
    public long nextValidFrom(String model, String segment, long windowStart) {
        List<Snapshot> l = series(model, segment);
        int next = Math.max(0, indexAt(l, windowStart)) + 1; // older than all: the oldest's span
        return next < l.size() ? l.get(next).validFromMillis() : Long.MAX_VALUE;
    }

    /** The index of the greatest valid_from <= t, or -1. */
    private static int indexAt(List<Snapshot> l, long t) {
        int lo = 0, hi = l.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (l.get(mid).validFromMillis() <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** This set with every snapshot on a coarser grid ({@link Snapshot#withGrid}). */
    public SnapshotSet withGrid(int g) {
        if (g <= 0) return this;
        List<Snapshot> all = new ArrayList<>();
        for (List<Snapshot> l : series.values()) for (Snapshot s : l) all.add(s.withGrid(g));
        return new SnapshotSet(all);
    }

    /** Every snapshot, series after series. */
    public List<Snapshot> all() {
        List<Snapshot> all = new ArrayList<>();
        for (List<Snapshot> l : series.values()) all.addAll(l);
        return all;
    }
}
