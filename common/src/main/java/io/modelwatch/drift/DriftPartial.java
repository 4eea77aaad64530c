package io.modelwatch.drift;

import io.modelwatch.io.FeatureSlots;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.Snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The drift state of one model's features in one window against its reference snapshot, shaped like a
 * DataSketches sketch: private state, {@link #update}, {@link #merge}, {@link #toBytes}/{@link #fromBytes}. The
 * one window state of the project: the backfill's and the stream's pre-aggregation fill it, the SQL aggregate
 * fills a one-feature one, and {@link FeatureDriftCalculator} turns it into the contract's figures.
 *
 * <p>Per numeric feature: {@link Moments} shifted by the reference mean (0 where that is not finite), the
 * invalid count and tie-exact cells on the reference's quantile grid (GridHistogram.cell); in exact mode also
 * every value (for exact KS and Wasserstein). Per categorical feature: the count, the invalid count, counts of
 * the reference's categories and of unseen ones by name. Memory grows with features (and grid), not records,
 * except in exact mode. Missing is derived at the end: records - count - invalid.
 *
 * <p>A partial covers the numeric features {@code [numFrom, numTo)} and the categorical features
 * {@code [catFrom, catTo)} of the snapshot; {@link #split} cuts a whole-window partial into shards of
 * contiguous ranges so that downstream the features of one window are merged and scored in parallel.
 * Partials of the same model, window, shard and reference merge by adding.
 *
 * <p>Only a partial made from a snapshot ({@link #forWindow}, {@link #forFeature}) takes updates; one read back
 * from bytes or split off merges and is scored. Not thread-safe.
 */
public final class DriftPartial {
    /** First byte of the v2 bytes; v1 bytes begin with the model name's 2-byte UTF length instead. */
    private static final int MAGIC = 0xFE;
    private static final int VERSION = 3;

    private String model;
    private long windowStart, windowEnd;
    private int shard;
    /** Records of the model in the window (the denominator of the missing rate). */
    private long records;

    private final int numFrom, numTo;
    /** Cells per numeric feature: 2g-1 for a grid of g. */
    private final int cells;
    private final Moments[] num;
    private final long[] numInvalid;
    /** Values outside the reference range and its margin (contract 3c), as the input checks counted them. */
    private final long[] numOutOfRange;
    /** (numTo - numFrom) * cells counts over the reference's inner grid edges. */
    private final long[] numCells;
    /** Exact mode only (else null): the window's values per feature, {@code numValueCount[i]} of them used. */
    private final double[][] numValues;
    private final int[] numValueCount;

    private final int catFrom, catTo;
    private final long[] catCount, catInvalid;
    /** Counts of reference categories, feature after feature; {@code catOffset[i]} is where feature i starts. */
    private final int[] catOffset;
    private final long[] catCounts;
    /** Categories the reference never saw, per feature (null until the first). */
    private final Map<String, long[]>[] unseen;

    /** Updating only: the snapshot, and the hot path's helpers (never serialized, never split off). */
    private transient Updater updater;

    @SuppressWarnings("unchecked")
    private DriftPartial(String model, long windowStart, long windowEnd, int shard, int numFrom, int numTo, int cells,
                         boolean exact, int catFrom, int catTo, int[] catOffset) {
        this.model = model;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.shard = shard;
        this.numFrom = numFrom;
        this.numTo = numTo;
        this.cells = cells;
        int n = numTo - numFrom, m = catTo - catFrom;
        this.num = new Moments[n];
        this.numInvalid = new long[n];
        this.numOutOfRange = new long[n];
        this.numCells = new long[n * cells];
        this.numValues = exact ? new double[n][] : null;
        this.numValueCount = exact ? new int[n] : null;
        this.catFrom = catFrom;
        this.catTo = catTo;
        this.catCount = new long[m];
        this.catInvalid = new long[m];
        this.catOffset = catOffset;
        this.catCounts = new long[catOffset[m]];
        this.unseen = new Map[m];
    }

    /** An empty partial of every feature of {@code snapshot}, for the window [start, end), taking updates. */
    public static DriftPartial forWindow(Snapshot snapshot, long windowStart, long windowEnd, boolean exact) {
        return forWindow(snapshot.model, snapshot, windowStart, windowEnd, exact);
    }

    /**
     * As {@link #forWindow(Snapshot, long, long, boolean)}, of the series {@code model} (a model's segment, contract
     * 2b, whose snapshot may be the model's own): the partial keys, merges and scores as that series.
     */
    public static DriftPartial forWindow(String model, Snapshot snapshot, long windowStart, long windowEnd, boolean exact) {
        int n = snapshot.numeric().size(), m = snapshot.categorical().size();
        DriftPartial p = new DriftPartial(model, windowStart, windowEnd, 0, 0, n, 2 * snapshot.grid - 1,
                exact, 0, m, offsets(snapshot, 0, m));
        for (int i = 0; i < n; i++) p.num[i] = Moments.shiftedBy(referenceShift(snapshot, i));
        if (exact) for (int i = 0; i < n; i++) p.numValues[i] = new double[16];
        p.updater = new Updater(snapshot, p, true);
        return p;
    }

    /**
     * An empty partial of the one feature {@code name} of {@code snapshot} (the SQL aggregate's state), taking
     * {@link #updateRecord}, {@link #updateNumeric} and {@link #updateCategorical}; an unknown name fails.
     */
    public static DriftPartial forFeature(Snapshot snapshot, String name) {
        int ni = snapshot.numericIndex(name), ci = ni >= 0 ? -1 : snapshot.categoricalIndex(name);
        if (ni < 0 && ci < 0) throw new IllegalArgumentException("feature '" + name + "' is not in the snapshot");
        int numFrom = ni >= 0 ? ni : 0, numTo = ni >= 0 ? ni + 1 : 0;
        int catFrom = ci >= 0 ? ci : 0, catTo = ci >= 0 ? ci + 1 : 0;
        DriftPartial p = new DriftPartial(snapshot.model, 0, 0, 0, numFrom, numTo, 2 * snapshot.grid - 1, false,
                catFrom, catTo, offsets(snapshot, catFrom, catTo));
        if (ni >= 0) p.num[0] = Moments.shiftedBy(referenceShift(snapshot, ni));
        p.updater = new Updater(snapshot, p, false);
        return p;
    }

    /** A partial of no features and no records (what a serializer hands out as a blank instance). */
    public static DriftPartial empty() {
        return new DriftPartial("", 0, 0, 0, 0, 0, 1, false, 0, 0, new int[1]);
    }

    private static int[] offsets(Snapshot s, int from, int to) {
        int[] offset = new int[to - from + 1];
        for (int i = from; i < to; i++) offset[i - from + 1] = offset[i - from] + s.categorical(i).categories.length;
        return offset;
    }

    /** The shift of numeric feature i's sums: its reference mean, 0 where that is not finite. */
    static double referenceShift(Snapshot s, int i) {
        double mean = s.numeric(i).mean;
        return Double.isFinite(mean) ? mean : 0;
    }

    // ---- updates ---------------------------------------------------------------------------------------------

    /**
     * Adds one good record of this model and window: each feature the snapshot knows (others are ignored), the
     * prediction and the confidence where the snapshot has them. A value of the wrong type for the snapshot's
     * typing counts as invalid; null, NaN and infinite values as missing.
     */
    public void update(PredictionRecord r) {
        updater().record(r);
    }

    /** One more record in the window; its values, if any, follow through the two methods below. */
    public void updateRecord() {
        updater();
        records++;
    }

    /**
     * A value of the snapshot's numeric feature {@code feature} (its index in the snapshot), of kind
     * {@link PredictionRecord#NUMBER} or another kind (then invalid; NULL is missing).
     */
    public void updateNumeric(int feature, byte kind, double v) {
        updater().numeric(feature - numFrom, kind, v);
    }

    /** A value of the snapshot's categorical feature {@code feature}: STRING and BOOLEAN count, NULL is missing. */
    public void updateCategorical(int feature, byte kind, String v) {
        updater().categorical(feature - catFrom, kind, v);
    }

    /**
     * Whether {@link #reuseFor} can make this partial an empty one of {@code forWindow(snapshot, ..., exact)}: it
     * takes updates, of every feature of that very snapshot.
     */
    public boolean reusableFor(Snapshot snapshot, boolean exact) {
        return updater != null && updater.pending != null && updater.snapshot == snapshot && exact == (numValues != null);
    }

    /**
     * Empties this partial for the window [start, end), keeping its arrays: what {@code forWindow} would give, without
     * allocating 2g-1 cells and 1024 pending values per feature again (the stream's pane opens again after every
     * checkpoint barrier). Only where {@link #reusableFor} holds.
     */
    public DriftPartial reuseFor(long windowStart, long windowEnd) {
        if (updater == null || updater.pending == null) throw new IllegalStateException("only a partial made by forWindow is reused");
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        records = 0;
        for (int i = 0; i < num.length; i++) num[i] = Moments.shiftedBy(num[i].shift());
        Arrays.fill(numInvalid, 0);
        Arrays.fill(numCells, 0);
        if (numValues != null) Arrays.fill(numValueCount, 0);
        Arrays.fill(catCount, 0);
        Arrays.fill(catInvalid, 0);
        Arrays.fill(catCounts, 0);
        Arrays.fill(unseen, null);
        Arrays.fill(updater.pendingCount, 0);
        Arrays.fill(numOutOfRange, 0);
        return this;
    }

    /**
     * Adds {@code n} out-of-range values of numeric feature {@code feature} (its snapshot index): the input checks
     * (io.modelwatch.quality) judge each value, this partial carries their per-feature count to the point.
     */
    public void addOutOfRange(int feature, long n) {
        numOutOfRange[feature - numFrom] += n;
    }

    /** Whether this partial takes updates (it was made from a snapshot, not read back or split off). */
    public boolean takesUpdates() {
        return updater != null;
    }

    private Updater updater() {
        if (updater == null) {
            throw new IllegalStateException("this drift partial was read back or split off: it merges, it takes no updates");
        }
        return updater;
    }

    /**
     * Adds {@code other} (same model, window, shard and reference) into this partial and returns it; {@code other}
     * is unchanged. Unseen categories are summed by name.
     */
    public DriftPartial merge(DriftPartial other) {
        if (other.numFrom != numFrom || other.numTo != numTo || other.catFrom != catFrom || other.catTo != catTo
                || other.cells != cells) {
            throw new IllegalArgumentException("partials of different feature ranges or grids do not merge: " + this
                    + " and " + other);
        }
        other.flush();
        flush();
        records += other.records;
        for (int i = 0; i < num.length; i++) {
            num[i].merge(other.num[i]);
            numInvalid[i] += other.numInvalid[i];
            numOutOfRange[i] += other.numOutOfRange[i];
        }
        for (int i = 0; i < numCells.length; i++) numCells[i] += other.numCells[i];
        if (numValues != null && other.numValues != null) {
            for (int i = 0; i < numValues.length; i++) {
                int na = numValueCount[i], nb = other.numValueCount[i];
                double[] v = Arrays.copyOf(numValues[i], na + nb);
                System.arraycopy(other.numValues[i], 0, v, na, nb);
                numValues[i] = v;
                numValueCount[i] = na + nb;
            }
        }
        for (int i = 0; i < catCount.length; i++) {
            catCount[i] += other.catCount[i];
            catInvalid[i] += other.catInvalid[i];
            if (other.unseen[i] != null) {
                for (Map.Entry<String, long[]> e : other.unseen[i].entrySet()) addUnseen(i, e.getKey(), e.getValue()[0]);
            }
        }
        for (int i = 0; i < catCounts.length; i++) catCounts[i] += other.catCounts[i];
        return this;
    }

    private void addUnseen(int c, String name, long count) {
        Map<String, long[]> u = unseen[c];
        if (u == null) unseen[c] = u = new HashMap<>();
        u.computeIfAbsent(name, x -> new long[1])[0] += count;
    }

    /**
     * This window's state cut into {@code shards} partials of contiguous feature ranges (fewer where there are
     * fewer features), shards 0, 1, ...; they hold copies, this partial is unchanged.
     */
    public List<DriftPartial> split(int shards) {
        flush();
        int n = numTo - numFrom, m = catTo - catFrom;
        shards = Math.max(1, Math.min(shards, Math.max(n, m)));
        List<DriftPartial> out = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            int nf = (int) ((long) n * s / shards), nt = (int) ((long) n * (s + 1) / shards);
            int cf = (int) ((long) m * s / shards), ct = (int) ((long) m * (s + 1) / shards);
            out.add(slice(s, nf, nt, cf, ct));
        }
        return out;
    }

    /** A copy of this partial (state only: the copy takes no updates). */
    public DriftPartial copy() {
        flush();
        return slice(shard, 0, numTo - numFrom, 0, catTo - catFrom);
    }

    /** Relative ranges [nf, nt) and [cf, ct) of this partial as shard {@code s}. */
    private DriftPartial slice(int s, int nf, int nt, int cf, int ct) {
        int[] offset = new int[ct - cf + 1];
        for (int i = cf; i <= ct; i++) offset[i - cf] = catOffset[i] - catOffset[cf];
        DriftPartial p = new DriftPartial(model, windowStart, windowEnd, s, numFrom + nf, numFrom + nt, cells,
                numValues != null, catFrom + cf, catFrom + ct, offset);
        p.records = records;
        for (int i = nf; i < nt; i++) {
            p.num[i - nf] = num[i].copy();
            if (numValues != null) {
                p.numValues[i - nf] = Arrays.copyOf(numValues[i], numValueCount[i]);
                p.numValueCount[i - nf] = numValueCount[i];
            }
        }
        System.arraycopy(numInvalid, nf, p.numInvalid, 0, nt - nf);
        System.arraycopy(numOutOfRange, nf, p.numOutOfRange, 0, nt - nf);
        System.arraycopy(numCells, nf * cells, p.numCells, 0, (nt - nf) * cells);
        System.arraycopy(catCount, cf, p.catCount, 0, ct - cf);
        System.arraycopy(catInvalid, cf, p.catInvalid, 0, ct - cf);
        System.arraycopy(catCounts, catOffset[cf], p.catCounts, 0, catOffset[ct] - catOffset[cf]);
        for (int i = cf; i < ct; i++) if (unseen[i] != null) p.unseen[i - cf] = copyOf(unseen[i]);
        return p;
    }

    private static Map<String, long[]> copyOf(Map<String, long[]> u) {
        Map<String, long[]> c = new HashMap<>(u.size() * 2);
        u.forEach((k, v) -> c.put(k, new long[] {v[0]}));
        return c;
    }

    /** The same state labelled as the window [start, end) (the stream's panes merged into a window). */
    public DriftPartial relabel(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        return this;
    }

    private void flush() {
        if (updater != null) updater.flushPending();
    }

    // ---- what the calculator and the routing read --------------------------------------------------------------

    public String model() {
        return model;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public int shard() {
        return shard;
    }

    public long records() {
        return records;
    }

    public int numericFeatures() {
        return numTo - numFrom;
    }

    public int categoricalFeatures() {
        return catTo - catFrom;
    }

    /** Snapshot index of this partial's first numeric feature. */
    public int numFrom() {
        return numFrom;
    }

    /** Snapshot index of this partial's first categorical feature. */
    public int catFrom() {
        return catFrom;
    }

    int cells() {
        return cells;
    }

    /** Numeric feature i (relative) as Moments; a v1 partial's unrecorded shift is taken as {@code shift}. */
    Moments numeric(int i, double shift) {
        flush();
        return num[i].withShiftIfUnknown(shift);
    }

    long numericCount(int i) {
        flush();
        return num[i].count();
    }

    long numericInvalid(int i) {
        return numInvalid[i];
    }

    /**
     * All numeric features' cells, feature i's at {@code i * cells()}: read only (scoring reads them in place
     * instead of copying 2g-1 counts per feature and window).
     */
    long[] allNumericCells() {
        flush();
        return numCells;
    }

    long numericOutOfRange(int i) {
        return numOutOfRange[i];
    }

    /** Cells of numeric feature i (a copy). */
    long[] numericCells(int i) {
        flush();
        return Arrays.copyOfRange(numCells, i * cells, (i + 1) * cells);
    }

    /** Exact mode: numeric feature i's values, sorted (a copy); null in grid mode. */
    double[] sortedValues(int i) {
        if (numValues == null) return null;
        double[] v = Arrays.copyOf(numValues[i], numValueCount[i]);
        Arrays.sort(v);
        return v;
    }

    boolean exact() {
        return numValues != null;
    }

    long categoricalCount(int i) {
        return catCount[i];
    }

    long categoricalInvalid(int i) {
        return catInvalid[i];
    }

    /** Counts of categorical feature i's reference categories (a copy). */
    long[] categoryCounts(int i) {
        return Arrays.copyOfRange(catCounts, catOffset[i], catOffset[i + 1]);
    }

    /** Categorical feature i's unseen categories by name. */
    SortedMap<String, Long> unseen(int i) {
        TreeMap<String, Long> m = new TreeMap<>();
        if (unseen[i] != null) unseen[i].forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    // ---- bytes -------------------------------------------------------------------------------------------------

    /** The partial as bytes (v2); {@link #fromBytes} reads them back, and the v1 bytes of earlier releases. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DriftPartial fromBytes(byte[] bytes) {
        try {
            return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a drift partial: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the v2 bytes: magic and version; the window and the shape (feature ranges, cells, exact mode, the
     * number of reference categories per categorical feature); then per numeric feature count, invalid, the
     * Moments' parts, the cells and (exact mode) the values; per categorical feature count and invalid, the
     * category counts, the unseen categories by name. Cells and category counts are sparse, as (gap, count)
     * varints: a window of n values fills at most n of a feature's 2g-1 cells, so for 1000 features and
     * g = 1000 a partial is a few hundred KB instead of 16 MB of longs, which is what keeps the shuffle and
     * BATCH mode's sort in memory.
     */
    public void writeTo(DataOutput out) throws IOException {
        writeRange(out, shard, 0, numTo - numFrom, 0, catTo - catFrom);
    }

    /**
     * Writes the bytes that {@code split(shards).get(s).writeTo(out)} would, without the copy: the stream ships a
     * pane's shards straight from the pane it keeps reusing (1000 features' cells are 16 MB a pane).
     */
    public void writeShardTo(DataOutput out, int shards, int s) throws IOException {
        int n = numTo - numFrom, m = catTo - catFrom;
        shards = shardCount(shards);
        if (s < 0 || s >= shards) throw new IllegalArgumentException("shard " + s + " of " + shards);
        writeRange(out, s, (int) ((long) n * s / shards), (int) ((long) n * (s + 1) / shards),
                (int) ((long) m * s / shards), (int) ((long) m * (s + 1) / shards));
    }

    /** How many partials {@link #split}{@code (shards)} makes: fewer where there are fewer features. */
    public int shardCount(int shards) {
        return Math.max(1, Math.min(shards, Math.max(numTo - numFrom, catTo - catFrom)));
    }

    /** The v2 bytes of this partial's relative ranges [nf, nt) and [cf, ct) as shard {@code s} (as {@link #slice}). */
    private void writeRange(DataOutput out, int s, int nf, int nt, int cf, int ct) throws IOException {
        flush();
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeUTF(model);
        out.writeLong(windowStart);
        out.writeLong(windowEnd);
        out.writeInt(s);
        writeVarLong(out, records);
        out.writeInt(numFrom + nf);
        out.writeInt(numFrom + nt);
        out.writeInt(cells);
        out.writeBoolean(numValues != null);
        out.writeInt(catFrom + cf);
        out.writeInt(catFrom + ct);
        for (int i = cf; i < ct; i++) writeVarLong(out, catOffset[i + 1] - catOffset[i]);
        // Each numeric feature's bytes are put together in one array and written at once: byte by byte through
        // Flink's DataOutputView (a checkpoint of 1000 features' panes, the network shuffle) was most of the
        // cost of shipping a pane (bench stream's profile). The bytes are the same.
        Bytes b = new Bytes(2 * 10 + 5 * 8 + 10 + cells * 20);
        for (int i = nf; i < nt; i++) {
            Moments m = num[i];
            b.pos = 0;
            b.varLong(m.count());
            b.varLong(numInvalid[i]);
            b.doubleBits(m.shift());
            b.doubleBits(m.shiftedSum());
            b.doubleBits(m.shiftedSumSq());
            b.doubleBits(m.rawMin());
            b.doubleBits(m.rawMax());
            b.sparse(numCells, i * cells, cells);
            out.write(b.buf, 0, b.pos);
            if (numValues != null) {
                writeVarLong(out, numValueCount[i]);
                for (int k = 0; k < numValueCount[i]; k++) out.writeDouble(numValues[i][k]);
            }
        }
        for (int i = cf; i < ct; i++) {
            writeVarLong(out, catCount[i]);
            writeVarLong(out, catInvalid[i]);
        }
        writeSparse(out, catCounts, catOffset[cf], catOffset[ct] - catOffset[cf]);
        for (int i = cf; i < ct; i++) {
            SortedMap<String, Long> u = unseen(i);
            writeVarLong(out, u.size());
            for (Map.Entry<String, Long> e : u.entrySet()) {
                out.writeUTF(e.getKey());
                writeVarLong(out, e.getValue());
            }
        }
        // v3: appended, so that v2 bytes read as v3 bytes without it
        writeSparse(out, numOutOfRange, nf, nt - nf);
    }

    /** Reads one partial that {@link #writeTo} wrote, or the v1 serializer of earlier releases. */
    public static DriftPartial readFrom(DataInput in) throws IOException {
        int b0 = in.readUnsignedByte(), b1 = in.readUnsignedByte();
        if (b0 != MAGIC) return readV1(in, (b0 << 8) | b1);
        if (b1 != VERSION && b1 != 2) throw new IOException("drift partial of version " + b1 + ": this release reads 1 to 3");
        String model = in.readUTF();
        long windowStart = in.readLong(), windowEnd = in.readLong();
        int shard = in.readInt();
        long records = readVarLong(in);
        int numFrom = in.readInt(), numTo = in.readInt(), cells = in.readInt();
        boolean exact = in.readBoolean();
        int catFrom = in.readInt(), catTo = in.readInt();
        int[] offset = new int[catTo - catFrom + 1];
        for (int i = 0; i < catTo - catFrom; i++) offset[i + 1] = offset[i] + (int) readVarLong(in);
        DriftPartial p = new DriftPartial(model, windowStart, windowEnd, shard, numFrom, numTo, cells, exact, catFrom,
                catTo, offset);
        p.records = records;
        for (int i = 0; i < p.num.length; i++) {
            long count = readVarLong(in);
            p.numInvalid[i] = readVarLong(in);
            p.num[i] = Moments.fromParts(count, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble());
            readSparse(in, p.numCells, i * cells);
            if (exact) {
                double[] values = new double[(int) readVarLong(in)];
                for (int k = 0; k < values.length; k++) values[k] = in.readDouble();
                p.numValues[i] = values;
                p.numValueCount[i] = values.length;
            }
        }
        for (int i = 0; i < p.catCount.length; i++) {
            p.catCount[i] = readVarLong(in);
            p.catInvalid[i] = readVarLong(in);
        }
        readSparse(in, p.catCounts, 0);
        for (int i = 0; i < p.catCount.length; i++) {
            long u = readVarLong(in);
            for (long k = 0; k < u; k++) p.addUnseen(i, in.readUTF(), readVarLong(in));
        }
        if (b1 >= 3) readSparse(in, p.numOutOfRange, 0);
        return p;
    }

    /**
     * The v1 bytes (DriftPartialSerializer until 2026-12): no magic, no shift (it was the reference mean, known
     * only to the reader of the snapshot: the Moments come back with a NaN shift, which merge and the calculator
     * resolve), unseen categories as (feature, name, count) triples that may repeat a name.
     */
    private static DriftPartial readV1(DataInput in, int modelLength) throws IOException {
        byte[] utf = new byte[modelLength + 2];
        utf[0] = (byte) (modelLength >>> 8);
        utf[1] = (byte) modelLength;
        in.readFully(utf, 2, modelLength);
        String model = new DataInputStream(new ByteArrayInputStream(utf)).readUTF();
        long windowStart = in.readLong(), windowEnd = in.readLong();
        int shard = in.readInt();
        long records = in.readLong();
        int numFrom = in.readInt(), numTo = in.readInt(), cells = in.readInt();
        int n = numTo - numFrom;
        long[] count = new long[n], invalid = new long[n];
        double[][] moments = new double[n][];
        long[] numCells = new long[n * cells];
        for (int i = 0; i < n; i++) {
            count[i] = readVarLong(in);
            invalid[i] = readVarLong(in);
            moments[i] = new double[] {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
            readSparse(in, numCells, i * cells);
        }
        boolean exact = in.readBoolean();
        double[][] values = exact ? new double[n][] : null;
        if (exact) {
            for (int i = 0; i < n; i++) {
                values[i] = new double[in.readInt()];
                for (int k = 0; k < values[i].length; k++) values[i][k] = in.readDouble();
            }
        }
        int catFrom = in.readInt(), catTo = in.readInt(), m = catTo - catFrom;
        long[] catCount = new long[m], catInvalid = new long[m];
        for (int i = 0; i < m; i++) {
            catCount[i] = readVarLong(in);
            catInvalid[i] = readVarLong(in);
        }
        int[] offset = new int[m + 1];
        for (int i = 0; i <= m; i++) offset[i] = in.readInt();
        DriftPartial p = new DriftPartial(model, windowStart, windowEnd, shard, numFrom, numTo, cells, exact, catFrom,
                catTo, offset);
        p.records = records;
        for (int i = 0; i < n; i++) {
            double[] mo = moments[i];
            p.num[i] = Moments.fromParts(count[i], Double.NaN, mo[0], mo[1], mo[2], mo[3]);
            p.numInvalid[i] = invalid[i];
            if (exact) {
                p.numValues[i] = values[i];
                p.numValueCount[i] = values[i].length;
            }
        }
        System.arraycopy(numCells, 0, p.numCells, 0, numCells.length);
        System.arraycopy(catCount, 0, p.catCount, 0, m);
        System.arraycopy(catInvalid, 0, p.catInvalid, 0, m);
        readSparse(in, p.catCounts, 0);
        int u = in.readInt();
        for (int k = 0; k < u; k++) {
            int feature = in.readInt();
            p.addUnseen(feature, in.readUTF(), readVarLong(in));
        }
        return p;
    }

    /** Non-zero entries of a[from, from+len) as: count, then (gap since the previous, value) varints. */
    private static void writeSparse(DataOutput out, long[] a, int from, int len) throws IOException {
        int nonZero = 0;
        for (int i = from; i < from + len; i++) if (a[i] != 0) nonZero++;
        writeVarLong(out, nonZero);
        int last = -1;
        for (int i = 0; i < len; i++) {
            long v = a[from + i];
            if (v == 0) continue;
            writeVarLong(out, i - last);
            writeVarLong(out, v);
            last = i;
        }
    }

    /** A byte array filled as {@link DataOutput} would write: varints, sparse runs, big-endian doubles. */
    private static final class Bytes {
        final byte[] buf;
        int pos;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        void varLong(long v) {
            // one and two bytes first: nearly every count and gap of a pane is below 16384
            if ((v & ~0x7FL) == 0) {
                buf[pos++] = (byte) v;
                return;
            }
            if ((v & ~0x3FFFL) == 0) {
                buf[pos] = (byte) (v | 0x80);
                buf[pos + 1] = (byte) (v >>> 7);
                pos += 2;
                return;
            }
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void doubleBits(double d) {
            long v = Double.doubleToLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) buf[pos++] = (byte) (v >>> shift);
        }

        /**
         * As {@link #writeSparse}; needs room for 10 + 20 bytes per entry of the range. One pass over the range (a
         * checkpoint and every pane shipped read all 2g-1 cells of every feature twice): the entries are written
         * after room for the largest count, then moved down to right behind the count's real varint.
         */
        void sparse(long[] a, int from, int len) {
            int room = varLongSize(len), start = pos;
            pos = start + room;
            int nonZero = 0, last = -1;
            for (int i = 0; i < len; i++) {
                long v = a[from + i];
                if (v == 0) continue;
                varLong(i - last);
                varLong(v);
                last = i;
                nonZero++;
            }
            int size = varLongSize(nonZero);
            if (size < room) {
                System.arraycopy(buf, start + room, buf, start + size, pos - start - room);
                pos -= room - size;
            }
            int end = pos;
            pos = start;
            varLong(nonZero);
            pos = end;
        }

        private static int varLongSize(long v) {
            int n = 1;
            while ((v & ~0x7FL) != 0) {
                v >>>= 7;
                n++;
            }
            return n;
        }
    }

    private static void readSparse(DataInput in, long[] a, int from) throws IOException {
        long nonZero = readVarLong(in);
        int at = -1;
        for (long k = 0; k < nonZero; k++) {
            at += (int) readVarLong(in);
            a[from + at] = readVarLong(in);
        }
    }

    static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
    }

    @Override
    public String toString() {
        return "DriftPartial{" + model + ", [" + windowStart + ", " + windowEnd + "), shard " + shard + ", records "
                + records + ", numeric [" + numFrom + ", " + numTo + "), categorical [" + catFrom + ", " + catTo + ")}";
    }

    /**
     * What updating needs beside the state: the snapshot, the feature lookups of the last record, and the values
     * waiting to be binned. Binning a feature's values together loads its 8 KB of grid edges and 16 KB of cells
     * once per PENDING values instead of once per value. Measured with HotPathBench (1000 features, one thread),
     * parse + accumulate against the parse floor: binning each value at once 8x, PENDING 128 3x, 512 2x, 1024
     * 1.1-1.4x, 2048 no better. Costs 8 KB per numeric feature per open window.
     */
    private static final class Updater {
        private static final int PENDING = 1024;
        private final Snapshot snapshot;
        private final DriftPartial p;
        /** Each numeric feature's reference grid, indexed ({@link CellIndex}: the same cells, fewer steps). */
        private final CellIndex[] cellIndex;
        private final double[] pending;
        private final int[] pendingCount;
        private final int predictionNumeric, predictionCategorical, confidenceNumeric;
        /** Where the feature at each position of a record goes ({@link Snapshot#featureSlot}). */
        private final FeatureSlots slots;

        Updater(Snapshot snapshot, DriftPartial p, boolean pendingBatches) {
            this.snapshot = snapshot;
            this.p = p;
            int n = p.numTo - p.numFrom;
            cellIndex = new CellIndex[n];
            for (int i = 0; i < n; i++) cellIndex[i] = snapshot.numeric(p.numFrom + i).cellIndex();
            pending = pendingBatches ? new double[n * PENDING] : null;
            pendingCount = new int[n];
            predictionNumeric = snapshot.numericIndex(Snapshot.PREDICTION_FEATURE);
            predictionCategorical = snapshot.categoricalIndex(Snapshot.PREDICTION_FEATURE);
            confidenceNumeric = snapshot.numericIndex(Snapshot.CONFIDENCE_FEATURE);
            slots = new FeatureSlots(snapshot::featureSlot);
        }

        /** A whole record: only on a partial of every feature (forWindow), where relative = snapshot index. */
        void record(PredictionRecord r) {
            if (pending == null) throw new IllegalStateException("a one-feature drift partial takes values, not records");
            p.records++;
            for (int k = 0; k < r.featureCount; k++) {
                int slot = slots.slot(r, k);
                if (slot >= 0) numeric(slot, r.featureKinds[k], r.featureNumbers[k]);
                else if (slot != Integer.MIN_VALUE) categorical(-2 - slot, r.featureKinds[k], r.featureStrings[k]);
            }
            if (predictionNumeric >= 0) {
                if (!Double.isNaN(r.predictionNumber)) numeric(predictionNumeric, PredictionRecord.NUMBER, r.predictionNumber);
                else if (r.predictionString != null) p.numInvalid[predictionNumeric]++;
            } else if (predictionCategorical >= 0) {
                if (r.predictionString != null) categorical(predictionCategorical, PredictionRecord.STRING, r.predictionString);
                else if (!Double.isNaN(r.predictionNumber)) p.catInvalid[predictionCategorical]++;
            }
            if (confidenceNumeric >= 0 && !Double.isNaN(r.confidence)) {
                numeric(confidenceNumeric, PredictionRecord.NUMBER, r.confidence);
            }
        }

        void numeric(int i, byte kind, double v) {
            if (kind == PredictionRecord.NULL) return;
            if (kind != PredictionRecord.NUMBER) {
                p.numInvalid[i]++;
                return;
            }
            if (!Double.isFinite(v)) return; // NaN / Infinity: missing
            if (pending == null) {
                p.num[i].add(v);
                p.numCells[i * p.cells + cellIndex[i].cell(v)]++;
            } else {
                int k = pendingCount[i];
                pending[i * PENDING + k] = v;
                pendingCount[i] = k + 1;
                if (k + 1 == PENDING) binPending(i);
            }
            if (p.numValues != null) {
                double[] values = p.numValues[i];
                int n = p.numValueCount[i];
                if (n == values.length) p.numValues[i] = values = Arrays.copyOf(values, n * 2);
                values[n] = v;
                p.numValueCount[i] = n + 1;
            }
        }

        /** Folds feature i's pending values into its Moments and cells. */
        private void binPending(int i) {
            int n = pendingCount[i];
            CellIndex index = cellIndex[i];
            Moments m = p.num[i];
            double shift = m.shift(), sum = 0, sumSq = 0;
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            int base = i * PENDING, cellBase = i * p.cells;
            long[] numCells = p.numCells;
            for (int k = 0; k < n; k++) {
                double v = pending[base + k];
                double d = v - shift;
                sum += d;
                sumSq += d * d;
                if (v < min) min = v;
                if (v > max) max = v;
                numCells[cellBase + index.cell(v)]++;
            }
            m.addShiftedSums(n, sum, sumSq, min, max);
            pendingCount[i] = 0;
        }

        void flushPending() {
            if (pending == null) return;
            for (int i = 0; i < pendingCount.length; i++) {
                if (pendingCount[i] > 0) binPending(i);
            }
        }

        void categorical(int c, byte kind, String v) {
            if (kind == PredictionRecord.NULL) return;
            if (kind != PredictionRecord.STRING && kind != PredictionRecord.BOOLEAN) {
                p.catInvalid[c]++;
                return;
            }
            p.catCount[c]++;
            int k = snapshot.categorical(p.catFrom + c).categoryIndex(v);
            if (k >= 0) p.catCounts[p.catOffset[c] + k]++;
            else p.addUnseen(c, v, 1);
        }
    }
}
