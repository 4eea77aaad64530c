package io.modelwatch.multivariate;

import java.util.Arrays;

/**
 * Builds an {@link EmbeddingReference} in bounded memory: the centroid is an exact running sum, the spread
 * (mean distance to the centroid) needs the centroid first, so it is computed at the end over a bottom-k
 * {@link JointSample} of the vectors, exact while the reference holds at most {@code sampleLimit} of them.
 * Vectors of another length than the first one's are invalid. Not thread-safe.
 */
public final class EmbeddingReferenceBuilder {
    private final String name;
    private final int sampleLimit;
    private int dim = -1;
    private long count, missing, invalid;
    private double[] sum;
    private JointSample sample;
    private double[] scratch;

    public EmbeddingReferenceBuilder(String name, int sampleLimit) {
        this.name = name;
        this.sampleLimit = sampleLimit;
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
        sample.merge(o.sample);
        return this;
    }

    public String name() {
        return name;
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeUTF(name);
        out.writeInt(sampleLimit);
        out.writeInt(dim);
        out.writeLong(count);
        out.writeLong(missing);
        out.writeLong(invalid);
        if (dim >= 0) {
            for (double v : sum) out.writeDouble(v);
            byte[] b = sample.toBytes();
            out.writeInt(b.length);
            out.write(b);
        }
    }

    public static EmbeddingReferenceBuilder readFrom(java.io.DataInput in) throws java.io.IOException {
        EmbeddingReferenceBuilder e = new EmbeddingReferenceBuilder(in.readUTF(), in.readInt());
        e.dim = in.readInt();
        e.count = in.readLong();
        e.missing = in.readLong();
        e.invalid = in.readLong();
        if (e.dim >= 0) {
            e.sum = new double[e.dim];
            e.scratch = new double[e.dim];
            for (int i = 0; i < e.dim; i++) e.sum[i] = in.readDouble();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            e.sample = JointSample.fromBytes(b);
        }
        return e;
    }

    /** Null when no valid vector came. */
    public EmbeddingReference build() {
        if (count == 0) return null;
        double[] centroid = new double[dim];
        for (int i = 0; i < dim; i++) centroid[i] = sum[i] / count;
        double total = 0;
        double[][] rows = sample.rows();
        for (double[] r : rows) total += distance(r, 0, centroid);
        double spread = total / rows.length;
        return new EmbeddingReference(name, dim, count, missing, invalid, centroid, spread, count <= sampleLimit);
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
