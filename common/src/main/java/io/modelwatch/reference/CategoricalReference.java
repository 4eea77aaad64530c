package io.modelwatch.reference;

import java.util.HashMap;
import java.util.Map;

/** What a categorical (string or boolean) feature looked like in the reference: its category counts. */
public final class CategoricalReference {
    public final String name;
    public final long count;
    public final long missing;
    public final long invalid;
    /** Sorted by category name; index i counts categories[i]. */
    public final String[] categories;
    public final long[] counts;
    private final Map<String, Integer> index = new HashMap<>();

    public CategoricalReference(String name, long count, long missing, long invalid, String[] categories,
                                long[] counts) {
        this.name = name;
        this.count = count;
        this.missing = missing;
        this.invalid = invalid;
        this.categories = categories;
        this.counts = counts;
        for (int i = 0; i < categories.length; i++) index.put(categories[i], i);
    }

    /** Index of a category seen in the reference, or -1 for an unseen one. */
    public int categoryIndex(String category) {
        Integer i = index.get(category);
        return i == null ? -1 : i;
    }

    public double missingRate() {
        long total = count + missing + invalid;
        return total == 0 ? 0 : (double) missing / total;
    }
}
