package io.modelwatch.multivariate;

import io.modelwatch.io.PredictionRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Each model's {@link RecordSample} while a reference is read: a record's finite numbers go in as its row
 * (other values are not numeric, or missing). One scratch pair of arrays is reused from record to record.
 * Not thread-safe.
 */
public final class JointSamples {
    /** The contract's default {@code --joint-sample}. */
    public static final int DEFAULT_ROWS = 5000;

    private final int limit;
    private final Map<String, RecordSample> byModel = new HashMap<>();
    private String[] names = new String[16];
    private double[] values = new double[16];

    public JointSamples(int limit) {
        this.limit = limit;
    }

    public void offer(PredictionRecord r) {
        if (limit == 0) return;
        if (names.length < r.featureCount) {
            names = new String[r.featureCount];
            values = new double[r.featureCount];
        }
        int n = 0;
        for (int k = 0; k < r.featureCount; k++) {
            if (r.featureKinds[k] == PredictionRecord.NUMBER && Double.isFinite(r.featureNumbers[k])) {
                names[n] = r.featureNames[k];
                values[n++] = r.featureNumbers[k];
            }
        }
        RecordSample s = byModel.get(r.model);
        if (s == null) byModel.put(r.model, s = new RecordSample(limit));
        s.offer(r.tsMillis, names, values, n);
    }

    /** A model's sample as bytes, or null. */
    public byte[] bytes(String model) {
        RecordSample s = byModel.get(model);
        return s == null ? null : s.toBytes();
    }
}
