package io.modelwatch.reference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one subtask saw of one feature of one model while building a reference: its numeric values
 * (all of them: the reference's quantiles are exact), its string/boolean categories, and how many values were
 * neither. A Flink POJO, so chunks travel without Kryo.
 */
public final class FeatureValues {
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
        if (valueCount == values.length) values = Arrays.copyOf(values, valueCount * 2);
        values[valueCount++] = v;
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
