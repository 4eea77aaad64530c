package io.modelwatch.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The joint sample while a reference is read (contract 2b), before it is known which features are numeric:
 * whole records as (name, number) pairs, the {@code limit} with the smallest hash of their content kept (a
 * bottom-k sample, as {@link JointSample}). The hash adds a mix of each (name, value) pair, so it does not
 * depend on the order of the keys in the line, nor the sample on the order or split of the input: parallel
 * readers' samples merge into the one a single reader would keep. Once the snapshot has typed the features,
 * {@link #rows} lays the kept records out in its numeric features' order (absent: NaN, i.e. missing).
 *
 * <p>A record allocates only when it enters the sample, which becomes rare (limit / n) as n grows. Not
 * thread-safe.
 */
public final class RecordSample {
    private static final int FORMAT = 1;

    private record Row(long hash, long ts, String[] names, double[] values) {}

    private final int limit;
    /** Max-heap on the hash: the head is the first to leave. */
    private final PriorityQueue<Row> heap = new PriorityQueue<>((a, b) -> Long.compare(b.hash, a.hash));

    public RecordSample(int limit) {
        this.limit = limit;
    }

    /** The order-independent hash of a record: its time and each pair's mix, added. */
    public static long hash(long ts, String[] names, double[] values, int count) {
        long h = mix(ts ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < count; i++) {
            h += mix(mix(names[i].hashCode()) ^ Double.doubleToLongBits(values[i]));
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Offers a record's numeric pairs {@code names[0, count)}, {@code values[0, count)}; copied when kept. */
    public void offer(long ts, String[] names, double[] values, int count) {
        if (limit == 0) return;
        long h = hash(ts, names, values, count);
        if (heap.size() >= limit && h >= heap.peek().hash) return;
        add(new Row(h, ts, Arrays.copyOf(names, count), Arrays.copyOf(values, count)));
    }

    private void add(Row r) {
        if (heap.size() < limit) {
            heap.add(r);
        } else if (r.hash < heap.peek().hash) {
            heap.poll();
            heap.add(r);
        }
    }

    public RecordSample merge(RecordSample other) {
        for (Row r : other.heap) add(r);
        return this;
    }

    public int size() {
        return heap.size();
    }

    private List<Row> sorted() {
        List<Row> rows = new ArrayList<>(heap);
        rows.sort((a, b) -> Long.compare(a.hash, b.hash));
        return rows;
    }

    /** The kept records as rows of {@code features} (absent or not a number: NaN), in hash order. */
    public double[][] rows(String[] features) {
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < features.length; j++) index.put(features[j], j);
        List<Row> rows = sorted();
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] row = new double[features.length];
            Arrays.fill(row, Double.NaN);
            Row r = rows.get(i);
            for (int k = 0; k < r.names.length; k++) {
                Integer j = index.get(r.names[k]);
                if (j != null) row[j] = r.values[k];
            }
            out[i] = row;
        }
        return out;
    }

    /** The kept records' event times, in the order of {@link #rows}. */
    public long[] times() {
        return sorted().stream().mapToLong(Row::ts).toArray();
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(limit);
            out.writeInt(heap.size());
            for (Row r : heap) {
                out.writeLong(r.hash);
                out.writeLong(r.ts);
                out.writeInt(r.names.length);
                for (int k = 0; k < r.names.length; k++) {
                    out.writeUTF(r.names[k]);
                    out.writeDouble(r.values[k]);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RecordSample fromBytes(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int format = in.readUnsignedByte();
            if (format != FORMAT) throw new IOException("record sample of format " + format + ", not " + FORMAT);
            RecordSample s = new RecordSample(in.readInt());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long h = in.readLong(), ts = in.readLong();
                int m = in.readInt();
                String[] names = new String[m];
                double[] values = new double[m];
                for (int k = 0; k < m; k++) {
                    names[k] = in.readUTF();
                    values[k] = in.readDouble();
                }
                s.add(new Row(h, ts, names, values));
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
