package io.modelwatch.performance;

import io.modelwatch.io.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink's serializer for a window's {@link PerformanceAccumulator}: its own versioned byte form (the AUC
 * histogram sparse), so state and the wire never fall back to Kryo.
 */
public final class PerformanceAccumulatorSerializer extends io.modelwatch.io.OwnBytesSerializer<PerformanceAccumulator> {
    private static final long serialVersionUID = 1L;
    public static final PerformanceAccumulatorSerializer INSTANCE = new PerformanceAccumulatorSerializer();
    public static final TypeInformation<PerformanceAccumulator> TYPE =
            new SerializerTypeInfo<>(PerformanceAccumulator.class, INSTANCE);

    @Override
    public PerformanceAccumulator createInstance() {
        return new PerformanceAccumulator(null, 0.5);
    }

    @Override
    protected void write(PerformanceAccumulator value, DataOutputView out) throws IOException {
        value.write(out);
    }

    @Override
    protected PerformanceAccumulator read(DataInputView in) throws IOException {
        return PerformanceAccumulator.read(in);
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
