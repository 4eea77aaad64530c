package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;

/**
 * A {@link DriftPartial} of one pane (or, after the window step, of one window) with the version of the
 * reference snapshot it was accumulated against: partials of different versions hold histograms on different
 * grids and sums around different means, so they are never merged. Serialized by {@link PanePartialSerializer}.
 */
public final class PanePartial {
    public long version;
    /** The partial; null in a {@link #shardOf} view until the serializer reads it back. */
    public DriftPartial drift;
    /**
     * The window starts [servesFrom, servesUntil) whose dated snapshot (contract 2b) this partial was accumulated
     * against; a window is made of the panes of the snapshot valid at its start only. Every window for a model
     * with one snapshot.
     */
    public long servesFrom = Long.MIN_VALUE, servesUntil = Long.MAX_VALUE;
    /** A view: shard {@code shard} of {@code shards} of this pane, which stays the pane operator's. */
    transient DriftPartial pane;
    transient int shards, shard;

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

    /**
     * Shard s of {@code pane.split(shards)} without the copy, for the pane operator's output: the network
     * serializes a record as it is emitted ({@link PanePartialSerializer} writes the shard's bytes straight from
     * the pane, and its {@code copy} makes the shard for a chained consumer), so the pane may be reset and reused
     * once the shards are out. Never to be kept.
     */
    static PanePartial shardOf(long version, DriftPartial pane, int shards, int s, long servesFrom, long servesUntil) {
        PanePartial p = new PanePartial(version, null, servesFrom, servesUntil);
        p.pane = pane;
        p.shards = shards;
        p.shard = s;
        return p;
    }

    /** The partial, made from the pane for a view. */
    DriftPartial partial() {
        return drift != null ? drift : pane.split(shards).get(shard);
    }

    String model() {
        return drift != null ? drift.model() : pane.model();
    }

    int shard() {
        return drift != null ? drift.shard() : shard;
    }

    /** Whether the window starting at {@code start} uses the snapshot this partial was accumulated against. */
    public boolean serves(long start) {
        return start >= servesFrom && start < servesUntil;
    }
}
