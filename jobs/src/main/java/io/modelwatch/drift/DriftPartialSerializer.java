package io.modelwatch.drift;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The serializer of the backfill's heaviest record. A window's cell histograms are mostly zeros (a window of
 * n values fills at most n of a feature's 2g-1 cells), so cells are written sparsely as (gap, count) varints:
 * for 1000 features and g = 1000 a partial shrinks from 16 MB of longs to a few hundred KB, which is what
 * keeps the shuffle and BATCH mode's sort in memory.
 */
public final class DriftPartialSerializer extends TypeSerializerSingleton<DriftPartial> {
    private static final long serialVersionUID = 1L;
    public static final DriftPartialSerializer INSTANCE = new DriftPartialSerializer();
    /** The type information that makes Flink use this serializer. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<DriftPartial> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(DriftPartial.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DriftPartial createInstance() {
        return new DriftPartial();
    }

    @Override
    public DriftPartial copy(DriftPartial from) {
        DriftPartial p = new DriftPartial();
        p.model = from.model;
        p.windowStart = from.windowStart;
        p.windowEnd = from.windowEnd;
        p.shard = from.shard;
        p.records = from.records;
        p.numFrom = from.numFrom;
        p.numTo = from.numTo;
        p.cells = from.cells;
        p.numCount = from.numCount.clone();
        p.numInvalid = from.numInvalid.clone();
        p.numSum = from.numSum.clone();
        p.numSumSq = from.numSumSq.clone();
        p.numMin = from.numMin.clone();
        p.numMax = from.numMax.clone();
        p.numCells = from.numCells.clone();
        if (from.numValues != null) {
            p.numValues = new double[from.numValues.length][];
            for (int i = 0; i < p.numValues.length; i++) p.numValues[i] = from.numValues[i].clone();
            p.numValueCount = from.numValueCount.clone();
        }
        p.catFrom = from.catFrom;
        p.catTo = from.catTo;
        p.catCount = from.catCount.clone();
        p.catInvalid = from.catInvalid.clone();
        p.catOffset = from.catOffset.clone();
        p.catCounts = from.catCounts.clone();
        p.unseenFeature = from.unseenFeature.clone();
        p.unseenName = from.unseenName.clone();
        p.unseenCount = from.unseenCount.clone();
        return p;
    }

    @Override
    public DriftPartial copy(DriftPartial from, DriftPartial reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DriftPartial p, DataOutputView out) throws IOException {
        out.writeUTF(p.model);
        out.writeLong(p.windowStart);
        out.writeLong(p.windowEnd);
        out.writeInt(p.shard);
        out.writeLong(p.records);
        out.writeInt(p.numFrom);
        out.writeInt(p.numTo);
        out.writeInt(p.cells);
        int n = p.numTo - p.numFrom;
        for (int i = 0; i < n; i++) {
            writeVarLong(out, p.numCount[i]);
            writeVarLong(out, p.numInvalid[i]);
            out.writeDouble(p.numSum[i]);
            out.writeDouble(p.numSumSq[i]);
            out.writeDouble(p.numMin[i]);
            out.writeDouble(p.numMax[i]);
            writeSparse(out, p.numCells, i * p.cells, p.cells);
        }
        out.writeBoolean(p.numValues != null);
        if (p.numValues != null) {
            for (int i = 0; i < n; i++) {
                int count = p.numValueCount[i];
                out.writeInt(count);
                for (int k = 0; k < count; k++) out.writeDouble(p.numValues[i][k]);
            }
        }
        out.writeInt(p.catFrom);
        out.writeInt(p.catTo);
        int m = p.catTo - p.catFrom;
        for (int i = 0; i < m; i++) {
            writeVarLong(out, p.catCount[i]);
            writeVarLong(out, p.catInvalid[i]);
        }
        for (int i = 0; i <= m; i++) out.writeInt(p.catOffset[i]);
        writeSparse(out, p.catCounts, 0, p.catCounts.length);
        out.writeInt(p.unseenFeature.length);
        for (int u = 0; u < p.unseenFeature.length; u++) {
            out.writeInt(p.unseenFeature[u]);
            out.writeUTF(p.unseenName[u]);
            writeVarLong(out, p.unseenCount[u]);
        }
    }

    @Override
    public DriftPartial deserialize(DataInputView in) throws IOException {
        DriftPartial p = new DriftPartial();
        p.model = in.readUTF();
        p.windowStart = in.readLong();
        p.windowEnd = in.readLong();
        p.shard = in.readInt();
        p.records = in.readLong();
        p.numFrom = in.readInt();
        p.numTo = in.readInt();
        p.cells = in.readInt();
        int n = p.numTo - p.numFrom;
        p.numCount = new long[n];
        p.numInvalid = new long[n];
        p.numSum = new double[n];
        p.numSumSq = new double[n];
        p.numMin = new double[n];
        p.numMax = new double[n];
        p.numCells = new long[n * p.cells];
        for (int i = 0; i < n; i++) {
            p.numCount[i] = readVarLong(in);
            p.numInvalid[i] = readVarLong(in);
            p.numSum[i] = in.readDouble();
            p.numSumSq[i] = in.readDouble();
            p.numMin[i] = in.readDouble();
            p.numMax[i] = in.readDouble();
            readSparse(in, p.numCells, i * p.cells);
        }
        if (in.readBoolean()) {
            p.numValues = new double[n][];
            p.numValueCount = new int[n];
            for (int i = 0; i < n; i++) {
                int count = in.readInt();
                p.numValueCount[i] = count;
                p.numValues[i] = new double[count];
                for (int k = 0; k < count; k++) p.numValues[i][k] = in.readDouble();
            }
        }
        p.catFrom = in.readInt();
        p.catTo = in.readInt();
        int m = p.catTo - p.catFrom;
        p.catCount = new long[m];
        p.catInvalid = new long[m];
        for (int i = 0; i < m; i++) {
            p.catCount[i] = readVarLong(in);
            p.catInvalid[i] = readVarLong(in);
        }
        p.catOffset = new int[m + 1];
        for (int i = 0; i <= m; i++) p.catOffset[i] = in.readInt();
        p.catCounts = new long[p.catOffset[m]];
        readSparse(in, p.catCounts, 0);
        int u = in.readInt();
        p.unseenFeature = new int[u];
        p.unseenName = new String[u];
        p.unseenCount = new long[u];
        for (int k = 0; k < u; k++) {
            p.unseenFeature[k] = in.readInt();
            p.unseenName[k] = in.readUTF();
            p.unseenCount[k] = readVarLong(in);
        }
        return p;
    }

    @Override
    public DriftPartial deserialize(DriftPartial reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    /** Non-zero entries of a[from, from+len) as: count, then (gap since the previous, value) varints. */
    static void writeSparse(DataOutputView out, long[] a, int from, int len) throws IOException {
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

    static void readSparse(DataInputView in, long[] a, int from) throws IOException {
        long nonZero = readVarLong(in);
        int at = -1;
        for (long k = 0; k < nonZero; k++) {
            at += (int) readVarLong(in);
            a[from + at] = readVarLong(in);
        }
    }

    static void writeVarLong(DataOutputView out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
    }

    @Override
    public TypeSerializerSnapshot<DriftPartial> snapshotConfiguration() {
        return new DriftPartialSerializerSnapshot();
    }

    /** Versioned so a change of the wire format is a new snapshot version, not a silent misread. */
    public static final class DriftPartialSerializerSnapshot extends SimpleTypeSerializerSnapshot<DriftPartial> {
        public DriftPartialSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
