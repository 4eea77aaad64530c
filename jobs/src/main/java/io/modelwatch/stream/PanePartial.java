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

    public PanePartial() {}

    public PanePartial(long version, DriftPartial drift) {
        this.version = version;
        this.drift = drift;
    }
}
