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
 * <p>Memory: a kept record is its values plus a reference to its <em>layout</em>, the list of its feature
 * names, which records with the same keys in the same order share (one per distinct list, not one String
 * per value: 5,000 records of 1000 features decoded held 5 M Strings, 306 MB live in all, where they now hold 45 MB).
 * The bytes carry each layout once and a record as its layout's number and its values (8 bytes a value, not a
 * name and a value each), and {@link #mergeBytes} reads another sample's bytes record by record without
 * building it. A record allocates only when it enters the sample, which becomes rare (limit / n) as n grows.
 * Not thread-safe.
 */
public final class RecordSample {
    private static final int FORMAT = 2;

    private record Row(long hash, long ts, String[] names, double[] values) {}

    /** A layout as a map key: equal when the names are, in order. */
    private record Layout(String[] names) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Layout l && Arrays.equals(names, l.names);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(names);
        }
    }

    private final int limit;
    /** Max-heap on the hash: the head is the first to leave. */
    private final PriorityQueue<Row> heap = new PriorityQueue<>((a, b) -> Long.compare(b.hash, a.hash));
    private final Map<Layout, String[]> layouts = new HashMap<>();
    /** The layout the last kept record had: the next one usually has the same. */
    private String[] lastLayout = new String[0];

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
        if (full() && h >= heap.peek().hash) return;
        add(new Row(h, ts, layout(names, count), Arrays.copyOf(values, count)));
    }

    private boolean full() {
        return heap.size() >= limit;
    }

    /** The shared layout of these names (the last one's when equal: no lookup, no copy). */
    private String[] layout(String[] names, int count) {
        String[] last = lastLayout;
        if (last.length == count) {
            int j = 0;
            while (j < count && last[j].equals(names[j])) j++;
            if (j == count) return last;
        }
        String[] copy = Arrays.copyOf(names, count);
        if (layouts.size() > 2 * Math.max(16, limit)) pruneLayouts();
        String[] shared = layouts.computeIfAbsent(new Layout(copy), l -> l.names);
        lastLayout = shared;
        return shared;
    }

    /** Forgets the layouts no kept record has (records of ever new keys would otherwise pile them up). */
    private void pruneLayouts() {
        Map<Layout, String[]> used = new HashMap<>();
        for (Row r : heap) used.put(new Layout(r.names), r.names);
        layouts.clear();
        layouts.putAll(used);
    }

    private void add(Row r) {
        if (!full()) {
            heap.add(r);
        } else if (r.hash < heap.peek().hash) {
            heap.poll();
            heap.add(r);
        }
    }

    public RecordSample merge(RecordSample other) {
        for (Row r : other.heap) {
            if (full() && r.hash >= heap.peek().hash) continue;
            add(new Row(r.hash, r.ts, layout(r.names, r.names.length), r.values));
        }
        return this;
    }

    public int size() {
        return heap.size();
    }

    public int limit() {
        return limit;
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
        Map<String[], int[]> columns = new java.util.IdentityHashMap<>(); // per layout: each name's column, or -1
        List<Row> rows = sorted();
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] row = new double[features.length];
            Arrays.fill(row, Double.NaN);
            Row r = rows.get(i);
            int[] col = columns.computeIfAbsent(r.names, names -> {
                int[] c = new int[names.length];
                for (int k = 0; k < names.length; k++) c[k] = index.getOrDefault(names[k], -1);
                return c;
            });
            for (int k = 0; k < col.length; k++) if (col[k] >= 0) row[col[k]] = r.values[k];
            out[i] = row;
        }
        return out;
    }

    /** The kept records' event times, in the order of {@link #rows}. */
    public long[] times() {
        return sorted().stream().mapToLong(Row::ts).toArray();
    }

    /** The bytes: format, limit, the layouts (each once), then each record as hash, time, layout number, values. */
    public byte[] toBytes() {
        try {
            Map<String[], Integer> numbers = new java.util.IdentityHashMap<>();
            List<String[]> order = new ArrayList<>();
            long size = 13;
            for (Row r : heap) {
                if (numbers.putIfAbsent(r.names, order.size()) == null) {
                    order.add(r.names);
                    size += 4;
                    for (String n : r.names) size += 2 + 3L * n.length();
                }
                size += 20 + 8L * r.values.length;
            }
            // sized up front: a growing stream would copy a sample of 40 MB up to three times over
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(limit);
            out.writeInt(order.size());
            for (String[] names : order) {
                out.writeInt(names.length);
                for (String n : names) out.writeUTF(n);
            }
            out.writeInt(heap.size());
            for (Row r : heap) {
                out.writeLong(r.hash);
                out.writeLong(r.ts);
                out.writeInt(numbers.get(r.names));
                for (double v : r.values) out.writeDouble(v);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RecordSample fromBytes(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            RecordSample s = new RecordSample(readHeader(in));
            s.read(in);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the records of another sample's bytes (same limit), read one by one: a record that would leave at
     * once is skipped unread, so merging needs no second sample in memory.
     */
    public RecordSample mergeBytes(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            int other = readHeader(in);
            if (other != limit) throw new IllegalArgumentException("joint samples of " + limit + " and " + other + " rows do not merge");
            read(in);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int readHeader(DataInputStream in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) throw new IOException("record sample of format " + format + ", not " + FORMAT);
        return in.readInt();
    }

    private void read(DataInputStream in) throws IOException {
        int layoutCount = in.readInt();
        String[][] local = new String[layoutCount][];
        for (int i = 0; i < layoutCount; i++) {
            String[] names = new String[in.readInt()];
            for (int k = 0; k < names.length; k++) names[k] = in.readUTF();
            local[i] = layout(names, names.length);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long h = in.readLong(), ts = in.readLong();
            String[] names = local[in.readInt()];
            if (full() && h >= heap.peek().hash) {
                in.skipNBytes(8L * names.length);
                continue;
            }
            double[] values = new double[names.length];
            for (int k = 0; k < values.length; k++) values[k] = in.readDouble();
            add(new Row(h, ts, names, values));
        }
    }
}
