package io.modelwatch.performance;

import java.util.Arrays;

/**
 * The score calibration map of a binary model (contract 3e, as NannyML's CBPE): 20 equal-width bins of the
 * score in [0, 1], each holding the share of label 1 among the reference's labelled predictions in it. A
 * bin the reference never filled maps to its own mid score (the model is taken to be calibrated there):
 * the estimate then falls back to what the model itself claims instead of inventing a value.
 */
public final class CalibrationMap {
    public static final int BINS = 20;

    private final long[] counts;
    private final long[] positives;

    public CalibrationMap() {
        this(new long[BINS], new long[BINS]);
    }

    public CalibrationMap(long[] counts, long[] positives) {
        if (counts.length != BINS || positives.length != BINS) {
            throw new IllegalArgumentException("a calibration map has " + BINS + " bins");
        }
        this.counts = counts.clone();
        this.positives = positives.clone();
    }

    /** The bin of a score in [0, 1]; 1.0 falls in the last bin. */
    public static int bin(double score) {
        return Math.min((int) (score * BINS), BINS - 1);
    }

    /** Learns one labelled prediction: a score in [0, 1] and a label 0 or 1. */
    public void add(double score, boolean positive) {
        int b = bin(score);
        counts[b]++;
        if (positive) positives[b]++;
    }

    public void merge(CalibrationMap other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
            positives[i] += other.positives[i];
        }
    }

    /** The share of label 1 in bin {@code b}, or the bin's mid score where it is empty. */
    public double value(int b) {
        return counts[b] == 0 ? (b + 0.5) / BINS : (double) positives[b] / counts[b];
    }

    public long total() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    public long[] counts() {
        return counts.clone();
    }

    public long[] positives() {
        return positives.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationMap
                && Arrays.equals(counts, ((CalibrationMap) o).counts)
                && Arrays.equals(positives, ((CalibrationMap) o).positives);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Arrays.hashCode(positives);
    }
}
