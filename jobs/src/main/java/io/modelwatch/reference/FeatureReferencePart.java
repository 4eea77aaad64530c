package io.modelwatch.reference;

/**
 * A feature's finished reference, without its missing count (which needs the model's record count from all
 * subtasks). A Flink POJO.
 */
public final class FeatureReferencePart {
    public String model;
    public String feature;
    public boolean categorical;
    /** Numeric: the built reference's arrays and moments (missing filled in later). */
    public long count, invalid;
    public double mean, std, min, max, rankError;
    public double[] quantiles, sample;
    public long[] cells;
    public String[] categories;
    public long[] categoryCounts;

    public FeatureReferencePart() {}

    NumericReference numeric(long missing) {
        return new NumericReference(feature, count, missing, invalid, mean, std, min, max, quantiles, cells, sample,
                rankError);
    }

    CategoricalReference categoricalReference(long missing) {
        return new CategoricalReference(feature, count, missing, invalid, categories, categoryCounts);
    }
}
