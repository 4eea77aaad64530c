package io.modelwatch.reference;

/**
 * One feature's statistics in one chunk of the reference range against the whole reference (contract 2b), in the
 * order of {@link DriftThresholds#statistics}; or, out of {@link ThresholdFunction}, a feature's thresholds. A
 * Flink POJO.
 */
public final class ChunkStatistics {
    public String model;
    public String feature;
    public boolean categorical;
    public long chunkStart;
    public double[] values;

    public ChunkStatistics() {}

    ChunkStatistics(String model, String feature, boolean categorical, long chunkStart, double[] values) {
        this.model = model;
        this.feature = feature;
        this.categorical = categorical;
        this.chunkStart = chunkStart;
        this.values = values;
    }
}
