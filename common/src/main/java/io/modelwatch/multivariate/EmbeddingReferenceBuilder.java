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
