package io.modelwatch.reference;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Flink's view of {@link FeatureValues}: the values go as one block of bytes. Every value of a reference crosses
 * three serializer calls on its way to its feature (the network record, the sorted input's buffer, the read back
 * from it); the POJO serializer's {@code double[]} field writes and reads each value through the paged views one
 * at a time, and that was about a third of the {@code feature-reference} stage's CPU samples (JFR, 50,000 x 1000
 * reference, docs/bench.md "The values as one block"). Here each chunk is encoded into a scratch array and
 * handed over in one {@code write}/{@code readFully}, which the paged views turn into segment-sized copies.
 *
 * <p>The chunks only cross a BATCH job's shuffle and never sit in state, checkpoints or savepoints, so the bytes
 * have no version (unlike the state types' {@code OwnBytesSerializer}s).
 */
final class FeatureValuesSerializer extends io.modelwatch.io.OwnBytesSerializer<FeatureValues> {
    private static final long serialVersionUID = 1L;
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    static final FeatureValuesSerializer INSTANCE = new FeatureValuesSerializer();
    /** The type information that makes Flink use this serializer. */
    static final TypeInformation<FeatureValues> TYPE = new io.modelwatch.io.SerializerTypeInfo<>(FeatureValues.class, INSTANCE);

    /** The encode/decode buffer of the calling task's thread (one serializer serves every task of a JVM). */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8 * FeatureValues.CHUNK]);

    private static byte[] scratch(int bytes) {
        byte[] b = SCRATCH.get();
        if (b.length < bytes) SCRATCH.set(b = new byte[bytes]);
        return b;
    }

    @Override
    public FeatureValues createInstance() {
        return new FeatureValues();
    }

    @Override
    public FeatureValues copy(FeatureValues from) {
        FeatureValues c = new FeatureValues();
        c.model = from.model;
        c.feature = from.feature;
        c.values = Arrays.copyOf(from.values, from.valueCount);
        c.valueCount = from.valueCount;
        c.categories = from.categories.clone();
        c.categoryCounts = from.categoryCounts.clone();
        c.others = from.others;
        return c;
    }

    @Override
    protected void write(FeatureValues v, DataOutputView out) throws IOException {
        out.writeUTF(v.model);
        out.writeUTF(v.feature);
        int n = v.valueCount;
        out.writeInt(n);
        byte[] b = scratch(8 * n);
        double[] values = v.values;
        for (int i = 0; i < n; i++) DOUBLES.set(b, 8 * i, values[i]);
        out.write(b, 0, 8 * n);
        out.writeInt(v.categories.length);
        for (int i = 0; i < v.categories.length; i++) {
            out.writeUTF(v.categories[i]);
            out.writeLong(v.categoryCounts[i]);
        }
        out.writeLong(v.others);
    }

    @Override
    protected FeatureValues read(DataInputView in) throws IOException {
        FeatureValues v = new FeatureValues();
        v.model = in.readUTF();
        v.feature = in.readUTF();
        int n = in.readInt();
        byte[] b = scratch(8 * n);
        in.readFully(b, 0, 8 * n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = (double) DOUBLES.get(b, 8 * i);
        v.values = values;
        v.valueCount = n;
        int k = in.readInt();
        v.categories = new String[k];
        v.categoryCounts = new long[k];
        for (int i = 0; i < k; i++) {
            v.categories[i] = in.readUTF();
            v.categoryCounts[i] = in.readLong();
        }
        v.others = in.readLong();
        return v;
    }

    @Override
    public TypeSerializerSnapshot<FeatureValues> snapshotConfiguration() {
        return new FeatureValuesSerializerSnapshot();
    }

    /** Flink needs a snapshot class for every serializer; these bytes are never restored (see above). */
    public static final class FeatureValuesSerializerSnapshot extends SimpleTypeSerializerSnapshot<FeatureValues> {
        public FeatureValuesSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
