package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.reference.Snapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;


/** Computes the figures of each feature of a merged shard partial (one model, window and feature shard). */
public final class FeatureDriftFunction extends RichFlatMapFunction<DriftPartial, FeatureDrift> {
    private static final long serialVersionUID = 1L;

    private final SnapshotSource snapshots;
    private final DriftSettings settings;
    private transient io.modelwatch.reference.SnapshotSet set;

    public FeatureDriftFunction(SnapshotSource snapshots, DriftSettings settings) {
        this.snapshots = snapshots;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        set = snapshots.loadSet();
    }

    @Override
    public void flatMap(DriftPartial partial, Collector<FeatureDrift> out) {
        // the snapshot the pre-aggregation folded this window against: the same pick from the same set (2b)
        Snapshot snapshot = set.pick(partial.model(), partial.windowStart());
        for (FeatureDrift f : FeatureDriftCalculator.compute(partial, snapshot, settings)) {
            out.collect(f);
        }
    }
}
