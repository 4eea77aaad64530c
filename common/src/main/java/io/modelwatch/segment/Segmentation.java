package io.modelwatch.segment;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a job segments its records (contract 2b): the key, the cap per model, and the values already given their
 * own segment per model, in order of first appearance. {@code closed}: exactly these and no others (the batch
 * jobs find them in a first pass over their input, {@code SegmentScan}, so every parallel reader agrees); open:
 * these first, then new values as each reader first sees them, up to the cap (the stream, seeded with the
 * segments of the reference). Immutable.
 */
public final class Segmentation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SegmentBy by;
    private final int max;
    private final Map<String, List<String>> admitted;
    private final boolean closed;

    public Segmentation(SegmentBy by, int max, Map<String, List<String>> admitted, boolean closed) {
        if (max < 1) throw new IllegalArgumentException("--max-segments must be at least 1: " + max);
        this.by = by;
        this.max = max;
        Map<String, List<String>> copy = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : admitted.entrySet()) {
            List<String> l = e.getValue();
            copy.put(e.getKey(), List.copyOf(l.size() > max ? l.subList(0, max) : l));
        }
        this.admitted = java.util.Collections.unmodifiableMap(copy);
        this.closed = closed;
    }

    /** Open, nothing admitted yet. */
    public static Segmentation open(SegmentBy by, int max) {
        return new Segmentation(by, max, Map.of(), false);
    }

    public SegmentBy by() {
        return by;
    }

    public int max() {
        return max;
    }

    public Map<String, List<String>> admitted() {
        return admitted;
    }

    public boolean closed() {
        return closed;
    }

    /** This segmentation with {@code admitted}, closed. */
    public Segmentation closedWith(Map<String, List<String>> admitted) {
        return new Segmentation(by, max, admitted, true);
    }

    /** This segmentation, open, with {@code seeds} admitted first. */
    public Segmentation seededWith(Map<String, List<String>> seeds) {
        return new Segmentation(by, max, seeds, false);
    }
}
