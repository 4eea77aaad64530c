package io.modelwatch.reference;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Keyed by model and feature: gathers the feature's values from every subtask and, at the end of the key's
 * input, types the feature (numeric when numbers are at least as many as strings and booleans, as the
 * contract types features by their values) and builds its reference.
 */
public final class FeatureReferenceFunction extends KeyedProcessFunction<String, FeatureValues, FeatureReferencePart> {
    private static final long serialVersionUID = 1L;

    private final int grid;
    private final int sampleLimit;
    private transient ListState<FeatureValues> chunks;

    public FeatureReferenceFunction(int grid, int sampleLimit) {
        this.grid = grid;
        this.sampleLimit = sampleLimit;
    }

    @Override
    public void open(OpenContext context) {
        chunks = getRuntimeContext().getListState(new ListStateDescriptor<>("values", FeatureValues.class));
    }

    @Override
    public void processElement(FeatureValues v, Context ctx, Collector<FeatureReferencePart> out) throws Exception {
        chunks.add(v);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureReferencePart> out) throws Exception {
        String model = null, feature = null;
        int n = 0;
        long others = 0;
        TreeMap<String, Long> categories = new TreeMap<>();
        for (FeatureValues v : chunks.get()) {
            model = v.model;
            feature = v.feature;
            n += v.valueCount;
            others += v.others;
            for (int i = 0; i < v.categories.length; i++) categories.merge(v.categories[i], v.categoryCounts[i], Long::sum);
        }
        if (model == null) return;
        long categorical = categories.values().stream().mapToLong(Long::longValue).sum();
        FeatureReferencePart part = new FeatureReferencePart();
        part.model = model;
        part.feature = feature;
        if (n > 0 && n >= categorical) {
            double[] all = new double[n];
            int at = 0;
            for (FeatureValues v : chunks.get()) {
                System.arraycopy(v.values, 0, all, at, v.valueCount);
                at += v.valueCount;
            }
            Arrays.sort(all);
            NumericReference r = ReferenceStatistics.numeric(feature, all, 0, categorical + others, grid, sampleLimit);
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
        } else {
            part.categorical = true;
            part.count = categorical;
            part.invalid = n + others;
            part.categories = categories.keySet().toArray(new String[0]);
            part.categoryCounts = categories.values().stream().mapToLong(Long::longValue).toArray();
        }
        chunks.clear();
        out.collect(part);
    }
}
