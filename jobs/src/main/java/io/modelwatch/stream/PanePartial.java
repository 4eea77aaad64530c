package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;

/**
 * A {@link DriftPartial} of one pane (or, after the window step, of one window) with the version of the
 * reference snapshot it was accumulated against: partials of different versions hold histograms on different
 * grids and sums around different means, so they are never merged. Serialized by {@link PanePartialSerializer}.
 */
public final class PanePartial {
    public long version;
    public DriftPartial drift;
    /**
     * The window starts [servesFrom, servesUntil) whose dated snapshot (contract 2b) this partial was accumulated
     * against; a window is made of the panes of the snapshot valid at its start only. Every window for a model
     * with one snapshot.
     */
    public long servesFrom = Long.MIN_VALUE, servesUntil = Long.MAX_VALUE;

    public PanePartial() {}

    public PanePartial(long version, DriftPartial drift) {
        this.version = version;
        this.drift = drift;
    }

    public PanePartial(long version, DriftPartial drift, long servesFrom, long servesUntil) {
        this(version, drift);
        this.servesFrom = servesFrom;
        this.servesUntil = servesUntil;
    }

    /** Whether the window starting at {@code start} uses the snapshot this partial was accumulated against. */
    public boolean serves(long start) {
        return start >= servesFrom && start < servesUntil;
    }
}
