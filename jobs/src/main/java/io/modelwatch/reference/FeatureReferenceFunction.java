package io.modelwatch.reference;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.TreeMap;

/**
 * Keyed by model and feature: folds the feature's chunks from every subtask into a
 * {@link NumericReferenceBuilder} (exact values up to the exact limit, then a quantile sketch) and its category
 * counts, and at the end of the key's input types the feature (numeric when numbers are at least as many as
 * strings and booleans, as the contract types features by their values) and builds its reference.
 *
 * <p>Memory is one feature's builder at a time: the job runs in BATCH mode, where Flink sorts the keyed input
 * (spilling to disk) and hands over each key's records together, then fires the key's timer before the next key.
 * So the builder is a field, not keyed state (which would hold every chunk of the key, or need a serializer for
 * the sketch); a record of another key before the timer fired means the job is not in BATCH mode, and fails.
 */
final class FeatureReferenceFunction extends KeyedProcessFunction<String, FeatureValues, FeatureReferencePart> {
    private static final long serialVersionUID = 1L;

    private final int grid;
    private final int sampleLimit;
    private final long exactLimit;

    private transient String model, feature;
    private transient NumericReferenceBuilder numbers;
    private transient TreeMap<String, Long> categories;
    private transient long others;

    public FeatureReferenceFunction(int grid, int sampleLimit, long exactLimit) {
        this.grid = grid;
        this.sampleLimit = sampleLimit;
        this.exactLimit = exactLimit;
    }

    @Override
    public void processElement(FeatureValues v, Context ctx, Collector<FeatureReferencePart> out) {
        if (model == null) {
            model = v.model;
            feature = v.feature;
            numbers = new NumericReferenceBuilder(feature, grid, sampleLimit, exactLimit);
            categories = new TreeMap<>();
            others = 0;
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
        } else if (!model.equals(v.model) || !feature.equals(v.feature)) {
            throw new IllegalStateException("feature-reference got " + v.model + "/" + v.feature + " while building "
                    + model + "/" + feature + ": the reference job must run in BATCH mode");
        }
        numbers.addAll(v.values, v.valueCount);
        others += v.others;
        for (int i = 0; i < v.categories.length; i++) categories.merge(v.categories[i], v.categoryCounts[i], Long::sum);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureReferencePart> out) {
        if (model == null) return;
        long n = numbers.count();
        long categorical = 0;
        for (long c : categories.values()) categorical += c;
        FeatureReferencePart part = new FeatureReferencePart();
        part.model = model;
        part.feature = feature;
        if (n > 0 && n >= categorical) {
            NumericReference r = numbers.build(0, categorical + others);
            part.categorical = false;
            part.count = r.count;
            part.invalid = r.invalid;
            part.mean = r.mean;
            part.std = r.std;
            part.min = r.min;
            part.max = r.max;
            part.quantiles = r.quantiles;
            part.cells = r.cellCounts;
            part.sample = r.sample;
            part.rankError = r.rankError;
        } else {
            part.categorical = true;
            part.count = categorical;
            part.invalid = n + others;
            part.categories = categories.keySet().toArray(new String[0]);
            part.categoryCounts = categories.values().stream().mapToLong(Long::longValue).toArray();
        }
        model = null;
        feature = null;
        numbers = null;
        categories = null;
        out.collect(part);
    }
}
