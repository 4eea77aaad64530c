package io.modelwatch.slo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The keyed state form of a {@link SloRing}: its own versioned format ({@link SloRing#writeTo}), which writes
 * only the non-zero buckets, so a checkpoint of a young model's 30-day ring is small.
 */
public final class SloRingSerializer extends io.modelwatch.io.OwnBytesSerializer<SloRing> {
    private static final long serialVersionUID = 1L;
    public static final SloRingSerializer INSTANCE = new SloRingSerializer();
    public static final TypeInformation<SloRing> TYPE = new io.modelwatch.io.SerializerTypeInfo<>(SloRing.class, INSTANCE);

    @Override
    public SloRing createInstance() {
        return new SloRing(Slo.DEFAULT_PERIOD_MILLIS);
    }

    @Override
    public SloRing copy(SloRing from) {
        return from.copy();
    }

    @Override
    protected void write(SloRing value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected SloRing read(DataInputView in) throws IOException {
        return SloRing.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<SloRing> snapshotConfiguration() {
        return new SloRingSerializerSnapshot();
    }

    public static final class SloRingSerializerSnapshot extends SimpleTypeSerializerSnapshot<SloRing> {
        public SloRingSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
