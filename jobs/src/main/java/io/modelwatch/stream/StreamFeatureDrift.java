package io.modelwatch.stream;

import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.drift.DriftSettings;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of each feature of a window's shard partial (the backfill's {@link FeatureDriftCalculator}),
 * against the snapshot version the partial was accumulated with.
 */
final class StreamFeatureDrift extends RichFlatMapFunction<PanePartial, FeatureDrift> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamFeatureDrift.class);

    private final ReferenceLibrary references;
    private final DriftSettings settings;

    StreamFeatureDrift(ReferenceLibrary references, DriftSettings settings) {
        this.references = references;
        this.settings = settings;
    }

    @Override
    public void flatMap(PanePartial p, Collector<FeatureDrift> out) {
        ReferenceLibrary.Versioned ref = references.get(p.drift.model(), p.version);
        if (ref == null) {
            LOG.warn("model '{}': window ending {}: reference version {} is no longer available; no drift figures for it",
                    p.drift.model(), java.time.Instant.ofEpochMilli(p.drift.windowEnd()), p.version);
            return;
        }
        for (FeatureDrift f : FeatureDriftCalculator.compute(p.drift, ref.snapshot, settings)) out.collect(f);
    }
}
