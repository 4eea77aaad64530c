package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.reference.Snapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/** Computes the figures of each feature of a merged shard partial (one model, window and feature shard). */
final class FeatureDriftFunction extends RichFlatMapFunction<DriftPartial, FeatureDrift> {
    private static final long serialVersionUID = 1L;

    private final SnapshotSource snapshots;
    private final DriftSettings settings;
    private transient Map<String, Snapshot> byModel;

    public FeatureDriftFunction(SnapshotSource snapshots, DriftSettings settings) {
        this.snapshots = snapshots;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        byModel = snapshots.load();
    }

    @Override
    public void flatMap(DriftPartial partial, Collector<FeatureDrift> out) {
        for (FeatureDrift f : FeatureDriftCalculator.compute(partial, byModel.get(partial.model()), settings)) {
            out.collect(f);
        }
    }
}
