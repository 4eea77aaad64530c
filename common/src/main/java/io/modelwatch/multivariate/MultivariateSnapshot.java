package io.modelwatch.multivariate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot's multivariate part (contract 2b and 3d): the PCA of the joint sample (or none: fewer than two
 * numeric features or rows), the joint sample itself, and the embedding references. Written and read as the
 * snapshot file's optional {@code "multivariate"} object, so the file format stays the snapshot's: a file
 * without it (every one written before issue 17) loads with no multivariate figures. Arrays are base64 of
 * little-endian float64, as the snapshot's others. Immutable.
 */
public final class MultivariateSnapshot {
    public static final String SECTION = "multivariate";

    /** Null: no multivariate figures for this model. */
    public final ReconstructionModel reconstruction;
    /** The joint sample's rows in {@code reconstruction}'s feature order (empty when it is not kept). */
    private final double[][] jointSample;
    private final Map<String, EmbeddingReference> embeddings;

    public MultivariateSnapshot(ReconstructionModel reconstruction, double[][] jointSample,
                                List<EmbeddingReference> embeddings) {
        this.reconstruction = reconstruction;
        this.jointSample = jointSample == null ? new double[0][] : jointSample;
        this.embeddings = new TreeMap<>();
        for (EmbeddingReference e : embeddings) this.embeddings.put(e.name, e);
    }

    /** The reference's default chunk (contract 2b, {@code --chunk 1h}) over which the threshold varies. */
    public static final long DEFAULT_CHUNK_MILLIS = 3_600_000L;
    /** Sample rows a chunk needs to count for the threshold (the contract's default {@code --min-count}). */
    public static final int MIN_CHUNK_ROWS = 30;

    /**
     * Fits the multivariate part of a snapshot from its joint sample: the input features the snapshot typed
     * numeric and saw at least once (not the {@code __} model columns), standardised with the snapshot's
     * mean and std; the sample's rows fall in chunks of {@code chunkMillis} by event time. Null reconstruction
     * with fewer than two such features or rows. The embedding references are passed through.
     */
    public static MultivariateSnapshot fit(io.modelwatch.reference.Snapshot s, RecordSample sample, long chunkMillis,
                                           int minChunkRows, List<EmbeddingReference> embeddings) {
        List<io.modelwatch.reference.NumericReference> used = new ArrayList<>();
        for (io.modelwatch.reference.NumericReference f : s.numeric()) {
            if (!f.name.startsWith("__") && f.count > 0 && Double.isFinite(f.mean)) used.add(f);
        }
        String[] names = new String[used.size()];
        double[] mean = new double[names.length], std = new double[names.length];
        for (int j = 0; j < names.length; j++) {
            names[j] = used.get(j).name;
            mean[j] = used.get(j).mean;
            std[j] = used.get(j).std;
        }
        ReconstructionModel m = null;
        double[][] rows = new double[0][];
        if (names.length >= 2 && sample != null && sample.size() >= 2) {
            rows = sample.rows(names);
            long[] ts = sample.times();
            sample = null; // the rows hold it now; the caller passes it on without keeping it
            long[] chunkOf = new long[ts.length];
            for (int i = 0; i < ts.length; i++) chunkOf[i] = Math.floorDiv(ts[i], chunkMillis);
            m = ReconstructionModel.fit(names, mean, std, rows, chunkOf, minChunkRows);
        }
        if (m == null && embeddings.isEmpty()) return null;
        return new MultivariateSnapshot(m, rows, embeddings);
    }

    /** The embedding features by name, in name order. */
    public Map<String, EmbeddingReference> embeddings() {
        return java.util.Collections.unmodifiableMap(embeddings);
    }

    public EmbeddingReference embedding(String name) {
        return embeddings.get(name);
    }

    public int jointSampleRows() {
        return jointSample.length;
    }

    /** Writes the section as the field {@link #SECTION} of the object the generator is in. */
    public static void write(JsonGenerator g, MultivariateSnapshot s) throws IOException {
        g.writeObjectFieldStart(SECTION);
        ReconstructionModel m = s.reconstruction;
        if (m != null) {
            g.writeObjectFieldStart("reconstruction");
            g.writeArrayFieldStart("features");
            for (int j = 0; j < m.featureCount(); j++) g.writeString(m.feature(j));
            g.writeEndArray();
            g.writeNumberField("components", m.components());
            g.writeArrayFieldStart("explained_variance_ratio");
            for (double v : m.explained()) g.writeNumber(v);
            g.writeEndArray();
            number(g, "chunk_mean_error", m.chunkMean());
            number(g, "chunk_std_error", m.chunkStd());
            g.writeNumberField("chunks", m.chunks());
            number(g, "threshold", m.threshold());
            number(g, "outlier_threshold", m.outlierThreshold());
            g.writeNumberField("sample_rows", m.sampleRows());
            g.writeStringField("arrays", "base64 of little-endian float64: mean, divisor (std, 1 where 0) and the"
                    + " sample centre per feature; loadings: components x features, row after row");
            g.writeStringField("mean", encode(m.mean()));
            g.writeStringField("divisor", encode(m.div()));
            g.writeStringField("center", encode(m.center()));
            g.writeStringField("loadings", encode(m.componentArray()));
            // the discarded components, where they are the cheaper way to the error (see ReconstructionModel)
            if (m.residualComponents() != null) g.writeStringField("residual_loadings", encode(m.residualComponents()));
            g.writeNumberField("joint_sample_rows", s.jointSample.length);
            // streamed: as one base64 string the sample of 5,000 x 1000 was 40 MB of doubles, 40 MB of bytes,
            // 53 MB of base64 and a 53 MB String at once. Jackson's default base64 is java.util.Base64's.
            g.writeFieldName("joint_sample");
            g.writeBinary(new RowBytes(s.jointSample, m.featureCount()), 8 * s.jointSample.length * m.featureCount());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("embeddings");
        for (EmbeddingReference e : s.embeddings.values()) {
            g.writeObjectFieldStart(e.name);
            g.writeNumberField("dim", e.dim);
            g.writeNumberField("count", e.count);
            g.writeNumberField("missing", e.missing);
            g.writeNumberField("invalid", e.invalid);
            number(g, "spread", e.spread);
            g.writeBooleanField("exact_spread", e.exactSpread);
            g.writeStringField("centroid", encode(e.centroid()));
            g.writeNumberField("chunks", e.chunks);
            if (e.calibrated()) { // contract 2b: none with fewer than 4 chunks
                g.writeObjectFieldStart("thresholds");
                g.writeNumberField("centroid_distance", e.distanceThreshold);
                g.writeNumberField("centroid_cosine", e.cosineThreshold);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Reads the section's object; the parser stands on its START_OBJECT. Skips the joint sample's rows. */
    public static MultivariateSnapshot read(JsonParser p) throws IOException {
        ReconstructionModel m = null;
        List<EmbeddingReference> emb = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("reconstruction")) m = readReconstruction(p);
            else if (key.equals("embeddings")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) emb.add(readEmbedding(p, p.currentName()));
            } else p.skipChildren();
        }
        return new MultivariateSnapshot(m, null, emb);
    }

    private static ReconstructionModel readReconstruction(JsonParser p) throws IOException {
        List<String> features = new ArrayList<>();
        int k = 0, chunks = 0, rows = 0;
        double chunkMean = Double.NaN, chunkStd = Double.NaN, outlier = Double.NaN;
        double[] mean = null, div = null, center = null, loadings = null, residual = null, explained = new double[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "features": while (p.nextToken() != JsonToken.END_ARRAY) features.add(p.getText()); break;
                case "components": k = p.getIntValue(); break;
                case "explained_variance_ratio": {
                    List<Double> v = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) v.add(p.getDoubleValue());
                    explained = v.stream().mapToDouble(Double::doubleValue).toArray();
                    break;
                }
                case "chunk_mean_error": chunkMean = number(p, t); break;
                case "chunk_std_error": chunkStd = number(p, t); break;
                case "chunks": chunks = p.getIntValue(); break;
                case "outlier_threshold": outlier = number(p, t); break;
                case "sample_rows": rows = p.getIntValue(); break;
                case "mean": mean = decode(p.getBinaryValue()); break;
                case "divisor": div = decode(p.getBinaryValue()); break;
                case "center": center = decode(p.getBinaryValue()); break;
                case "loadings": loadings = decode(p.getBinaryValue()); break;
                case "residual_loadings": residual = decode(p.getBinaryValue()); break;
                default: p.skipChildren(); // the joint sample's rows: not needed to score
            }
        }
        if (mean == null || div == null || center == null || loadings == null) {
            throw new IOException("multivariate reconstruction lacks mean/divisor/center/loadings");
        }
        try {
            return new ReconstructionModel(features.toArray(new String[0]), mean, div, center, k, loadings, residual,
                    explained, chunkMean, chunkStd, chunks, outlier, rows);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static EmbeddingReference readEmbedding(JsonParser p, String name) throws IOException {
        p.nextToken(); // START_OBJECT
        int dim = 0;
        long count = 0, missing = 0, invalid = 0;
        double spread = Double.NaN;
        boolean exact = false;
        double[] centroid = new double[0];
        double distanceThreshold = Double.NaN, cosineThreshold = Double.NaN;
        int chunks = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "dim": dim = p.getIntValue(); break;
                case "count": count = p.getLongValue(); break;
                case "missing": missing = p.getLongValue(); break;
                case "invalid": invalid = p.getLongValue(); break;
                case "spread": spread = number(p, t); break;
                case "exact_spread": exact = p.getBooleanValue(); break;
                case "centroid": centroid = decode(p.getBinaryValue()); break;
                case "chunks": chunks = p.getIntValue(); break;
                case "thresholds":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String stat = p.currentName();
                        JsonToken v = p.nextToken();
                        if (stat.equals("centroid_distance")) distanceThreshold = number(p, v);
                        else if (stat.equals("centroid_cosine")) cosineThreshold = number(p, v);
                        else p.skipChildren();
                    }
                    break;
                default: p.skipChildren();
            }
        }
        try {
            return new EmbeddingReference(name, dim, count, missing, invalid, centroid, spread, exact,
                    distanceThreshold, cosineThreshold, chunks);
        } catch (IllegalArgumentException e) {
            throw new IOException("embedding " + name + ": " + e.getMessage(), e);
        }
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumberField(name, v);
        else g.writeNullField(name);
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
    }

    /** The rows' doubles as little-endian bytes, row after row, without a copy of them. */
    private static final class RowBytes extends java.io.InputStream {
        private final double[][] rows;
        private final int features;
        private final byte[] buffer = new byte[8];
        private int row, column, at = 8;

        RowBytes(double[][] rows, int features) {
            this.rows = rows;
            this.features = features;
        }

        @Override
        public int read() {
            if (at == 8) {
                if (row == rows.length) return -1;
                long bits = Double.doubleToRawLongBits(rows[row][column]);
                for (int i = 0; i < 8; i++) buffer[i] = (byte) (bits >>> (8 * i));
                at = 0;
                if (++column == features) {
                    column = 0;
                    row++;
                }
            }
            return buffer[at++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) break;
                b[off + n++] = (byte) c;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }

    static String encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static double[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }
}
