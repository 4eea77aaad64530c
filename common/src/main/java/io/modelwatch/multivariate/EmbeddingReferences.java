package io.modelwatch.multivariate;

import io.modelwatch.io.PredictionRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each model's embedding features while a reference is read: a feature whose value is an array of numbers
 * (the parser's {@code featureArrayLength >= 0}) gets an {@link EmbeddingReferenceBuilder}; once it has one,
 * its other values count as invalid (another type) or missing (null). Samples of {@code sampleLimit} vectors
 * bound the memory (the spread). Not thread-safe.
 */
public final class EmbeddingReferences {
    private final int sampleLimit;
    /** The calibration chunks (the reference's --chunk; 0: none). */
    private final long chunkMillis;
    private final Map<String, Map<String, EmbeddingReferenceBuilder>> byModel = new HashMap<>();

    public EmbeddingReferences(int sampleLimit) {
        this(sampleLimit, 0);
    }

    /** With calibration chunks of {@code chunkMillis} (contract 2b). */
    public EmbeddingReferences(int sampleLimit, long chunkMillis) {
        this.sampleLimit = sampleLimit;
        this.chunkMillis = chunkMillis;
    }

    public void offer(PredictionRecord r) {
        Map<String, EmbeddingReferenceBuilder> m = byModel.get(r.model);
        for (int k = 0; k < r.featureCount; k++) {
            int len = r.featureArrayLength[k];
            if (len >= 0) {
                if (m == null) byModel.put(r.model, m = new HashMap<>());
                EmbeddingReferenceBuilder b = m.get(r.featureNames[k]);
                if (b == null) m.put(r.featureNames[k], b = new EmbeddingReferenceBuilder(r.featureNames[k], sampleLimit, chunkMillis));
                b.add(r.tsMillis, r.arrayValues, r.featureArrayOffset[k], len);
            } else if (m != null) {
                EmbeddingReferenceBuilder b = m.get(r.featureNames[k]);
                if (b == null) continue;
                if (r.featureKinds[k] == PredictionRecord.NULL) b.missing();
                else b.invalid();
            }
        }
    }

    /** A model's builders as bytes, or null where it has no embedding feature. */
    public byte[] bytes(String model) {
        Map<String, EmbeddingReferenceBuilder> m = byModel.get(model);
        if (m == null || m.isEmpty()) return null;
        return toBytes(new ArrayList<>(m.values()));
    }

    static byte[] toBytes(List<EmbeddingReferenceBuilder> builders) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(builders.size());
            for (EmbeddingReferenceBuilder b : builders) b.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, EmbeddingReferenceBuilder> fromBytes(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int n = in.readInt();
            Map<String, EmbeddingReferenceBuilder> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                EmbeddingReferenceBuilder e = EmbeddingReferenceBuilder.readFrom(in);
                m.put(e.name(), e);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two subtasks' bytes of one model, merged (either may be null). */
    public static byte[] merge(byte[] a, byte[] b) {
        if (a == null) return b;
        if (b == null) return a;
        Map<String, EmbeddingReferenceBuilder> x = fromBytes(a);
        for (EmbeddingReferenceBuilder e : fromBytes(b).values()) {
            EmbeddingReferenceBuilder mine = x.get(e.name());
            if (mine == null) x.put(e.name(), e);
            else mine.merge(e);
        }
        return toBytes(new ArrayList<>(x.values()));
    }

    /**
     * The finished references; {@code records} is the model's record count, so a record without the feature
     * (absent key) counts as missing.
     */
    public static List<EmbeddingReference> build(byte[] b, long records) {
        return build(b, records, 30);
    }

    /** As above, calibration chunks needing at least {@code minCount} vectors (the reference's --min-count). */
    public static List<EmbeddingReference> build(byte[] b, long records, long minCount) {
        List<EmbeddingReference> out = new ArrayList<>();
        if (b == null) return out;
        for (EmbeddingReferenceBuilder e : fromBytes(b).values()) {
            EmbeddingReference r = e.build(minCount);
            if (r == null) continue;
            long missing = Math.max(0, records - r.count - r.invalid);
            out.add(new EmbeddingReference(r.name, r.dim, r.count, missing, r.invalid, r.centroid(), r.spread,
                    r.exactSpread, r.distanceThreshold, r.cosineThreshold, r.chunks));
        }
        return out;
    }
}
