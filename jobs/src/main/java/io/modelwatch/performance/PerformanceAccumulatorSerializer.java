package io.modelwatch.performance;

import io.modelwatch.io.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink's serializer for a window's {@link PerformanceAccumulator}: its own versioned byte form (the AUC
 * histogram sparse), so state and the wire never fall back to Kryo.
 */
public final class PerformanceAccumulatorSerializer extends TypeSerializerSingleton<PerformanceAccumulator> {
    private static final long serialVersionUID = 1L;
    public static final PerformanceAccumulatorSerializer INSTANCE = new PerformanceAccumulatorSerializer();
    public static final TypeInformation<PerformanceAccumulator> TYPE =
            new SerializerTypeInfo<>(PerformanceAccumulator.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PerformanceAccumulator createInstance() {
        return new PerformanceAccumulator(null, 0.5);
    }

    @Override
    public PerformanceAccumulator copy(PerformanceAccumulator from) {
        return PerformanceAccumulator.fromBytes(from.toBytes());
    }

    @Override
    public PerformanceAccumulator copy(PerformanceAccumulator from, PerformanceAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PerformanceAccumulator a, DataOutputView out) throws IOException {
        a.write(out);
    }

    @Override
    public PerformanceAccumulator deserialize(DataInputView in) throws IOException {
        return PerformanceAccumulator.read(in);
    }

    @Override
    public PerformanceAccumulator deserialize(PerformanceAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PerformanceAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PerformanceAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
