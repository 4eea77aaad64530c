package io.modelwatch.reference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Part of what one subtask saw of one feature of one model while building a reference: a chunk of at most
 * {@link #CHUNK} numeric values (a subtask sends a feature's values on in chunks as they fill, so it holds at
 * most features x CHUNK values whatever the input's size), and in the last chunk its string/boolean category
 * counts and how many values were neither. A Flink POJO, so chunks travel without Kryo.
 */
public final class FeatureValues {
    /** Values per chunk: 32 KB on the wire, big enough that the key and the record's overhead do not count. */
    public static final int CHUNK = 4096;

    public String model;
    public String feature;
    public double[] values = new double[16];
    public int valueCount;
    public String[] categories = new String[0];
    public long[] categoryCounts = new long[0];
    /** Objects, arrays: never valid for any feature. */
    public long others;

    public transient Map<String, long[]> categoryMap;

    public FeatureValues() {}

    public FeatureValues(String model, String feature) {
        this.model = model;
        this.feature = feature;
        this.categoryMap = new HashMap<>();
    }

    public void addNumber(double v) {
        if (valueCount == values.length) values = Arrays.copyOf(values, Math.min(CHUNK, valueCount * 2));
        values[valueCount++] = v;
    }

    public boolean isFull() {
        return valueCount == CHUNK;
    }

    /** Hands the full chunk of values over as its own record and starts a new one. */
    public FeatureValues takeChunk() {
        FeatureValues chunk = new FeatureValues();
        chunk.model = model;
        chunk.feature = feature;
        chunk.values = values;
        chunk.valueCount = valueCount;
        values = new double[CHUNK];
        valueCount = 0;
        return chunk;
    }

    public void addCategory(String c) {
        categoryMap.computeIfAbsent(c, k -> new long[1])[0]++;
    }

    /** Freezes the category map into the serializable arrays and trims the values. */
    public FeatureValues seal() {
        TreeMap<String, long[]> sorted = new TreeMap<>(categoryMap);
        categories = sorted.keySet().toArray(new String[0]);
        categoryCounts = sorted.values().stream().mapToLong(a -> a[0]).toArray();
        values = Arrays.copyOf(values, valueCount);
        return this;
    }

    public long categoricalCount() {
        long n = 0;
        for (long c : categoryCounts) n += c;
        return n;
    }
}
