package io.modelwatch.multivariate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an {@link EmbeddingReference} in bounded memory: the centroid is an exact running sum, the spread
 * (mean distance to the centroid) needs the centroid first, so it is computed at the end over a bottom-k
 * {@link JointSample} of the vectors, exact while the reference holds at most {@code sampleLimit} of them.
 * Vectors of another length than the first one's are invalid.
 *
 * <p>Calibration (contract 2b): with a chunk length, each chunk of event time also keeps its vectors' sum and
 * count (dim + 1 doubles a chunk), the sufficient statistics of its mean; at the end, once the centroid and
 * spread are known, each chunk of at least --min-count vectors gives its centroid distance and cosine against
 * the whole reference, the same figures a second pass would compute, and the thresholds are mean + 3 std
 * (ddof = 0) over at least 4 such chunks. Memory: (range / chunk) x (dim + 1) doubles. Not thread-safe.
 */
public final class EmbeddingReferenceBuilder {
    private final String name;
    private final int sampleLimit;
    /** 0: no calibration chunks. */
    private final long chunkMillis;
    private final java.util.TreeMap<Long, double[]> chunks = new java.util.TreeMap<>();
    /** The chunk the last vector fell in (records come in time order mostly: no lookup, no boxing then). */
    private long lastChunk = Long.MIN_VALUE;
    private double[] lastSums;
    private int dim = -1;
    private long count, missing, invalid;
    private double[] sum;
    private JointSample sample;
    private double[] scratch;

    public EmbeddingReferenceBuilder(String name, int sampleLimit) {
        this(name, sampleLimit, 0);
    }

    /** With calibration chunks of {@code chunkMillis} (0: none). */
    public EmbeddingReferenceBuilder(String name, int sampleLimit, long chunkMillis) {
        this.name = name;
        this.sampleLimit = sampleLimit;
        this.chunkMillis = chunkMillis;
    }

    public void missing() {
        missing++;
    }

    public void invalid() {
        invalid++;
    }

    /** One vector, {@code values[offset, offset + length)}; a non-finite element makes it invalid. */
    public void add(long tsMillis, double[] values, int offset, int length) {
        if (dim < 0) {
            dim = length;
            sum = new double[dim];
            scratch = new double[dim];
            sample = new JointSample(dim, sampleLimit);
        }
        if (length != dim) {
            invalid++;
            return;
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(values[offset + i])) {
                invalid++;
                return;
            }
        }
        count++;
        for (int i = 0; i < length; i++) sum[i] += values[offset + i];
        if (chunkMillis > 0) {
            long c = Math.floorDiv(tsMillis, chunkMillis);
            if (c != lastChunk || lastSums == null) {
                lastChunk = c;
                lastSums = chunks.computeIfAbsent(c, x -> new double[dim + 1]);
            }
            for (int i = 0; i < length; i++) lastSums[i] += values[offset + i];
            lastSums[dim]++;
        }
        System.arraycopy(values, offset, scratch, 0, length);
        sample.offer(tsMillis, scratch);
    }

    /** Adds another builder's vectors (same feature); a different dimension's vectors count as invalid. */
    public EmbeddingReferenceBuilder merge(EmbeddingReferenceBuilder o) {
        missing += o.missing;
        invalid += o.invalid;
        if (o.dim < 0) return this;
        if (dim < 0) {
            dim = o.dim;
            sum = new double[dim];
            scratch = new double[dim];
            sample = new JointSample(dim, sampleLimit);
        }
        if (o.dim != dim) {
            invalid += o.count;
            return this;
        }
        count += o.count;
        for (int i = 0; i < dim; i++) sum[i] += o.sum[i];
        for (var e : o.chunks.entrySet()) {
            double[] mine = chunks.computeIfAbsent(e.getKey(), x -> new double[dim + 1]);
            for (int i = 0; i <= dim; i++) mine[i] += e.getValue()[i];
        }
        lastSums = null;
        sample.merge(o.sample);
        return this;
    }

    public String name() {
        return name;
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeUTF(name);
        out.writeInt(sampleLimit);
        out.writeLong(chunkMillis);
        out.writeInt(dim);
        out.writeLong(count);
        out.writeLong(missing);
        out.writeLong(invalid);
        if (dim >= 0) {
            for (double v : sum) out.writeDouble(v);
            out.writeInt(chunks.size());
            for (var e : chunks.entrySet()) {
                out.writeLong(e.getKey());
                for (double v : e.getValue()) out.writeDouble(v);
            }
            byte[] b = sample.toBytes();
            out.writeInt(b.length);
            out.write(b);
        }
    }

    public static EmbeddingReferenceBuilder readFrom(java.io.DataInput in) throws java.io.IOException {
        EmbeddingReferenceBuilder e = new EmbeddingReferenceBuilder(in.readUTF(), in.readInt(), in.readLong());
        e.dim = in.readInt();
        e.count = in.readLong();
        e.missing = in.readLong();
        e.invalid = in.readLong();
        if (e.dim >= 0) {
            e.sum = new double[e.dim];
            e.scratch = new double[e.dim];
            for (int i = 0; i < e.dim; i++) e.sum[i] = in.readDouble();
            int n = in.readInt();
            for (int c = 0; c < n; c++) {
                long key = in.readLong();
                double[] sums = new double[e.dim + 1];
                for (int i = 0; i <= e.dim; i++) sums[i] = in.readDouble();
                e.chunks.put(key, sums);
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            e.sample = JointSample.fromBytes(b);
        }
        return e;
    }

    /** Null when no valid vector came. Calibrated over chunks of at least 30 vectors (the default --min-count). */
    public EmbeddingReference build() {
        return build(30);
    }

    /** As {@link #build()}, the calibration chunks needing at least {@code minCount} vectors. */
    public EmbeddingReference build(long minCount) {
        if (count == 0) return null;
        double[] centroid = new double[dim];
        for (int i = 0; i < dim; i++) centroid[i] = sum[i] / count;
        double total = 0;
        double[][] rows = sample.rows();
        for (double[] r : rows) total += distance(r, 0, centroid);
        double spread = total / rows.length;
        EmbeddingReference r = new EmbeddingReference(name, dim, count, missing, invalid, centroid, spread,
                count <= sampleLimit);
        // each chunk's window figures against the whole reference, as a window's are computed
        List<double[]> figures = new ArrayList<>();
        for (double[] c : chunks.values()) {
            if (c[dim] < minCount) continue;
            EmbeddingPartial p = EmbeddingPartial.ofSums(java.util.Arrays.copyOf(c, dim), (long) c[dim]);
            figures.add(new double[] {p.centroidDistance(r), p.centroidCosine(r)});
        }
        if (figures.size() < 4) return r.withThresholds(Double.NaN, Double.NaN, figures.size());
        return r.withThresholds(meanPlus3Std(figures, 0), meanPlus3Std(figures, 1), figures.size());
    }

    /** mean + 3 std (ddof = 0), the std from a second pass over the values (contract 2b). */
    private static double meanPlus3Std(List<double[]> figures, int i) {
        double s = 0;
        for (double[] f : figures) s += f[i];
        double mean = s / figures.size(), ss = 0;
        for (double[] f : figures) ss += (f[i] - mean) * (f[i] - mean);
        return mean + 3 * Math.sqrt(ss / figures.size());
    }

    static double distance(double[] v, int offset, double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            double d = v[offset + i] - c[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "EmbeddingReferenceBuilder{" + name + ", dim " + dim + ", count " + count + ", sum " + Arrays.toString(sum) + "}";
    }
}
