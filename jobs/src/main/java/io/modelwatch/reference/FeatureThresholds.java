package io.modelwatch.reference;

/** A feature's calibrated thresholds as they travel back to the client (a Flink POJO of {@link DriftThresholds.Feature}). */
public final class FeatureThresholds {
    public String model;
    public String feature;
    public boolean categorical;
    public int chunks;
    public double[] mean, std, threshold;

    public FeatureThresholds() {}

    FeatureThresholds(String model, DriftThresholds.Feature f) {
        this.model = model;
        this.feature = f.name;
        this.categorical = f.categorical;
        this.chunks = f.chunks;
        this.mean = f.mean;
        this.std = f.std;
        this.threshold = f.threshold;
    }

    DriftThresholds.Feature toFeature() {
        return new DriftThresholds.Feature(feature, categorical, chunks, mean, std, threshold);
    }
}
