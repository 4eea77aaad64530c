package io.modelwatch.drift;

/**
 * The drift state of one shard of one model's features in one window, as one subtask saw it: mergeable by
 * adding. A shard holds the numeric features {@code [numFrom, numTo)} and the categorical features
 * {@code [catFrom, catTo)} of the model's snapshot. All state is primitive arrays sized by features (and by
 * the grid), never by events, except the raw values kept in {@code --ks exact} mode.
 *
 * <p>A Flink POJO: public fields and a no-arg constructor, so it is serialized without Kryo.
 */
public final class DriftPartial {
    public String model;
    public long windowStart;
    public long windowEnd;
    public int shard;
    /** Records of the model in the window (the denominator of the missing rate). */
    public long records;

    public int numFrom, numTo;
    /** Cells per numeric feature: 2g-1 for a grid of g (GridHistogram.cell). */
    public int cells;
    public long[] numCount, numInvalid;
    /** Sums of (v - reference mean) and of its square: numerically stable and mergeable. */
    public double[] numSum, numSumSq, numMin, numMax;
    /** (numTo - numFrom) * cells counts over the reference's inner grid edges. */
    public long[] numCells;
    /** Exact mode only (else null): the window's values per feature, {@code numValueCount[i]} of them used. */
    public double[][] numValues;
    public int[] numValueCount;

    public int catFrom, catTo;
    public long[] catCount, catInvalid;
    /** Counts of reference categories, feature after feature; {@code catOffset[i]} is where feature i starts. */
    public int[] catOffset;
    public long[] catCounts;
    /** Categories the reference never saw: which feature (relative index), the name, the count. */
    public int[] unseenFeature;
    public String[] unseenName;
    public long[] unseenCount;

    public DriftPartial() {}

    public int numericFeatures() {
        return numTo - numFrom;
    }

    public int categoricalFeatures() {
        return catTo - catFrom;
    }
}
