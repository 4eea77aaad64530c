package io.modelwatch.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedding feature's state in one window (contract 3d): count, missing, invalid and the sum vector, so
 * the window centroid is exact and partials merge by adding. Memory is dim doubles whatever the records.
 * A vector of another length than the reference's {@code dim}, or with a non-finite element, is invalid.
 * Not thread-safe.
 */
public final class EmbeddingPartial {
    private static final int FORMAT = 1;

    private final int dim;
    private long count, missing, invalid;
    private final double[] sum;

    public EmbeddingPartial(int dim) {
        this.dim = dim;
        this.sum = new double[dim];
    }

    /** A partial of {@code count} vectors summing to {@code sum} (a calibration chunk's, see EmbeddingReferenceBuilder). */
    static EmbeddingPartial ofSums(double[] sum, long count) {
        EmbeddingPartial p = new EmbeddingPartial(sum.length);
        System.arraycopy(sum, 0, p.sum, 0, sum.length);
        p.count = count;
        return p;
    }

    public void missing() {
        missing++;
    }

    public void invalid() {
        invalid++;
    }

    /** One vector, {@code values[offset, offset + length)}; allocation-free. */
    public void update(double[] values, int offset, int length) {
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
    }

    public EmbeddingPartial merge(EmbeddingPartial o) {
        if (o.dim != dim) throw new IllegalArgumentException("embedding partials of dim " + dim + " and " + o.dim);
        count += o.count;
        missing += o.missing;
        invalid += o.invalid;
        for (int i = 0; i < dim; i++) sum[i] += o.sum[i];
        return this;
    }

    public int dim() {
        return dim;
    }

    public long count() {
        return count;
    }

    public long missingCount() {
        return missing;
    }

    public long invalidCount() {
        return invalid;
    }

    /** ||window centroid - reference centroid|| / reference spread; NaN without vectors or with spread 0. */
    public double centroidDistance(EmbeddingReference ref) {
        if (count == 0 || !(ref.spread > 0)) return Double.NaN;
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double d = sum[i] / count - ref.centroid(i);
            s += d * d;
        }
        return Math.sqrt(s) / ref.spread;
    }

    /** 1 - cos(window centroid, reference centroid); NaN without vectors or where a centroid is zero. */
    public double centroidCosine(EmbeddingReference ref) {
        if (count == 0) return Double.NaN;
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < dim; i++) {
            double w = sum[i] / count, r = ref.centroid(i);
            dot += w * r;
            a += w * w;
            b += r * r;
        }
        if (a == 0 || b == 0) return Double.NaN;
        return 1 - dot / (Math.sqrt(a) * Math.sqrt(b));
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 8 * dim);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(dim);
            out.writeLong(count);
            out.writeLong(missing);
            out.writeLong(invalid);
            for (double v : sum) out.writeDouble(v);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EmbeddingPartial fromBytes(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int format = in.readUnsignedByte();
            if (format != FORMAT) throw new IOException("embedding partial of format " + format + ", not " + FORMAT);
            EmbeddingPartial p = new EmbeddingPartial(in.readInt());
            p.count = in.readLong();
            p.missing = in.readLong();
            p.invalid = in.readLong();
            for (int i = 0; i < p.dim; i++) p.sum[i] = in.readDouble();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
