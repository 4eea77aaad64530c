package io.modelwatch.reference;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keyed by model and feature, in BATCH mode (each key's records together, then its timer, as in
 * {@link FeatureReferenceFunction}): gathers the feature's chunk statistics and, at the end of the key, turns
 * them into its thresholds ({@link DriftThresholds#calibrate}); a feature with fewer than 4 chunks gives none.
 * Memory: one feature's chunks at a time (chunks x 5 doubles).
 */
final class ThresholdFunction extends KeyedProcessFunction<String, ChunkStatistics, FeatureThresholds> {
    private static final long serialVersionUID = 1L;

    private transient List<ChunkStatistics> chunks;

    @Override
    public void processElement(ChunkStatistics c, Context ctx, Collector<FeatureThresholds> out) {
        if (chunks == null) {
            chunks = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
        } else if (!chunks.get(0).model.equals(c.model) || !chunks.get(0).feature.equals(c.feature)) {
            throw new IllegalStateException("thresholds got " + c.model + "/" + c.feature + " while gathering "
                    + chunks.get(0).model + "/" + chunks.get(0).feature + ": the reference job must run in BATCH mode");
        }
        chunks.add(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureThresholds> out) {
        if (chunks == null) return;
        // in chunk order, so the sums (and the thresholds' last bits) do not depend on the shuffle
        chunks.sort(Comparator.comparingLong(c -> c.chunkStart));
        ChunkStatistics first = chunks.get(0);
        List<double[]> values = new ArrayList<>(chunks.size());
        for (ChunkStatistics c : chunks) values.add(c.values);
        DriftThresholds.Feature f = DriftThresholds.calibrate(first.feature, first.categorical, values);
        chunks = null;
        if (f != null) out.collect(new FeatureThresholds(first.model, f));
    }
}
