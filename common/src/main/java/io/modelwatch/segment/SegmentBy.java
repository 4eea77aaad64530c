package io.modelwatch.segment;

import io.modelwatch.io.PredictionRecord;

import java.io.Serializable;

/**
 * The {@code --segment-by} key (contract 2b): {@code model_version}, or {@code features.NAME} of a categorical
 * feature. Immutable.
 */
public final class SegmentBy implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MODEL_VERSION = "model_version";
    private static final String FEATURES = "features.";

    private final String key;
    /** The feature's name, or null for model_version. */
    private final String feature;

    private SegmentBy(String key, String feature) {
        this.key = key;
        this.feature = feature;
    }

    /** Parses the option's value; anything else than the two forms is refused. */
    public static SegmentBy parse(String key) {
        if (key.equals(MODEL_VERSION)) return new SegmentBy(key, null);
        if (key.startsWith(FEATURES) && key.length() > FEATURES.length()) {
            return new SegmentBy(key, key.substring(FEATURES.length()));
        }
        throw new IllegalArgumentException("--segment-by must be model_version or features.NAME, not '" + key + "'");
    }

    /** The key as given; what the snapshot's {@code segment_by} records. */
    public String key() {
        return key;
    }

    /**
     * The record's segment value: its model_version, or the string (or boolean, "true"/"false") value of the
     * feature; null when it is missing or of another type (those records go to {@link Segments#OTHER}).
     * Allocates nothing: the strings are the parser's.
     */
    public String value(PredictionRecord r) {
        if (feature == null) return r.modelVersion;
        String[] names = r.featureNames;
        for (int k = 0; k < r.featureCount; k++) {
            if (names[k].equals(feature)) {
                byte kind = r.featureKinds[k];
                return kind == PredictionRecord.STRING || kind == PredictionRecord.BOOLEAN ? r.featureStrings[k] : null;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentBy && ((SegmentBy) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
