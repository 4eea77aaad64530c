package io.modelwatch.io;

import java.util.Arrays;

/**
 * Where the feature at each position of a record goes (a slot of the caller's: a snapshot's feature index, a
 * PCA's column), remembered by position. Records of one model nearly always list their features in the same
 * order and the parser's names are interned, so an identity check per feature replaces a name lookup per
 * feature; the lookup runs again only where a position holds another name than last time. Not thread-safe.
 */
public final class FeatureSlots {
    /** The slot of a feature name (any int, the caller's encoding, including "none"). */
    @FunctionalInterface
    public interface Lookup {
        int slot(String name);
    }

    private final Lookup lookup;
    private String[] names = new String[0];
    private int[] slots = new int[0];

    public FeatureSlots(Lookup lookup) {
        this.lookup = lookup;
    }

    /** The slot of the record's feature at position {@code k}. */
    public int slot(PredictionRecord r, int k) {
        if (k >= names.length) {
            names = Arrays.copyOf(names, r.featureCount);
            slots = Arrays.copyOf(slots, r.featureCount);
        }
        String name = r.featureNames[k];
        if (names[k] == name) return slots[k];
        int s = lookup.slot(name);
        names[k] = name;
        slots[k] = s;
        return s;
    }
}
