package io.modelwatch.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A deterministic sample of whole rows (contract 2b, "Joint sample"): the {@code limit} rows with the
 * smallest 64-bit hash of their content (event time and every value's bits), a bottom-k sample. Unlike a
 * reservoir with a seeded random source it does not depend on the order the rows come in nor on how they
 * were split over parallel readers: merging the samples of any split keeps the same rows, so a rerun, or the
 * same input on more task slots, gives the same snapshot. Identical rows hash alike and are kept or dropped
 * together (at most the limit).
 *
 * <p>State is primitive arrays (hash, time, F values per row) under a max-heap on the hash; memory is
 * limit x (F + 2) x 8 bytes whatever the number of rows offered. Not thread-safe.
 */
public final class JointSample {
    private static final int FORMAT = 1;

    private final int features, limit;
    private int size;
    private long[] hashes;
    private long[] times;
    private double[] values;

    public JointSample(int features, int limit) {
        if (features < 0 || limit < 0) throw new IllegalArgumentException("features and limit must be >= 0");
        this.features = features;
        this.limit = limit;
        int initial = Math.min(limit, 64);
        this.hashes = new long[initial];
        this.times = new long[initial];
        this.values = new double[initial * features];
    }

    /** The hash a row is ranked by: splitmix64 over its event time and the bits of each value. */
    public static long hash(long tsMillis, double[] row, int features) {
        long h = mix(tsMillis ^ 0x9E3779B97F4A7C15L);
        for (int j = 0; j < features; j++) {
            h = mix(h ^ Double.doubleToLongBits(row[j]) + j);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Offers one row of {@code features} raw values (NaN: missing); the array is copied, not kept. */
    public void offer(long tsMillis, double[] row) {
        offer(hash(tsMillis, row, features), tsMillis, row, 0);
    }

    private void offer(long h, long ts, double[] src, int srcOffset) {
        if (limit == 0) return;
        if (size < limit) {
            if (size == hashes.length) grow();
            int i = size++;
            hashes[i] = h;
            times[i] = ts;
            System.arraycopy(src, srcOffset, values, i * features, features);
            siftUp(i);
        } else if (h < hashes[0]) {
            hashes[0] = h;
            times[0] = ts;
            System.arraycopy(src, srcOffset, values, 0, features);
            siftDown(0);
        }
    }

    private void grow() {
        int n = Math.min(limit, Math.max(1, hashes.length * 2));
        hashes = Arrays.copyOf(hashes, n);
        times = Arrays.copyOf(times, n);
        values = Arrays.copyOf(values, n * features);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (hashes[parent] >= hashes[i]) return;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, top = i;
            if (l < size && hashes[l] > hashes[top]) top = l;
            if (r < size && hashes[r] > hashes[top]) top = r;
            if (top == i) return;
            swap(i, top);
            i = top;
        }
    }

    private void swap(int a, int b) {
        long h = hashes[a]; hashes[a] = hashes[b]; hashes[b] = h;
        long t = times[a]; times[a] = times[b]; times[b] = t;
        int fa = a * features, fb = b * features;
        for (int j = 0; j < features; j++) {
            double v = values[fa + j]; values[fa + j] = values[fb + j]; values[fb + j] = v;
        }
    }

    /** Adds another sample's rows (same features and limit); the result is the sample of both inputs. */
    public JointSample merge(JointSample other) {
        if (other.features != features || other.limit != limit) {
            throw new IllegalArgumentException("joint samples of " + features + "/" + limit + " and "
                    + other.features + "/" + other.limit + " features/rows do not merge");
        }
        for (int i = 0; i < other.size; i++) offer(other.hashes[i], other.times[i], other.values, i * features);
        return this;
    }

    public int size() {
        return size;
    }

    public int features() {
        return features;
    }

    public int limit() {
        return limit;
    }

    /** The rows in hash order (so the order does not depend on how they arrived), each a fresh array. */
    public double[][] rows() {
        Integer[] order = order();
        double[][] out = new double[size][];
        for (int i = 0; i < size; i++) {
            int r = order[i];
            out[i] = Arrays.copyOfRange(values, r * features, (r + 1) * features);
        }
        return out;
    }

    /** The rows' event times, in the order of {@link #rows()}. */
    public long[] times() {
        Integer[] order = order();
        long[] out = new long[size];
        for (int i = 0; i < size; i++) out[i] = times[order[i]];
        return out;
    }

    private Integer[] order() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(hashes[a], hashes[b]));
        return order;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + size * (16 + 8 * features));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(features);
            out.writeInt(limit);
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeLong(hashes[i]);
                out.writeLong(times[i]);
                for (int j = 0; j < features; j++) out.writeDouble(values[i * features + j]);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JointSample fromBytes(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int format = in.readUnsignedByte();
            if (format != FORMAT) throw new IOException("joint sample bytes of format " + format + ", not " + FORMAT);
            JointSample s = new JointSample(in.readInt(), in.readInt());
            int n = in.readInt();
            double[] row = new double[s.features];
            for (int i = 0; i < n; i++) {
                long h = in.readLong(), t = in.readLong();
                for (int j = 0; j < s.features; j++) row[j] = in.readDouble();
                s.offer(h, t, row, 0);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
