package io.modelwatch.slo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** The wire form of a {@link SloMinute}: model, SLO index, minute, good, bad. */
public final class SloMinuteSerializer extends io.modelwatch.io.OwnBytesSerializer<SloMinute> {
    private static final long serialVersionUID = 1L;
    public static final SloMinuteSerializer INSTANCE = new SloMinuteSerializer();
    public static final TypeInformation<SloMinute> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(SloMinute.class, INSTANCE);

    @Override
    public SloMinute createInstance() {
        return new SloMinute();
    }

    @Override
    public SloMinute copy(SloMinute from) {
        return new SloMinute(from.model, from.slo, from.minute, from.good, from.bad);
    }

    @Override
    protected void write(SloMinute value, DataOutputView out) throws IOException {
        out.writeUTF(value.model);
        out.writeInt(value.slo);
        out.writeLong(value.minute);
        out.writeLong(value.good);
        out.writeLong(value.bad);
    }

    @Override
    protected SloMinute read(DataInputView in) throws IOException {
        return new SloMinute(in.readUTF(), in.readInt(), in.readLong(), in.readLong(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<SloMinute> snapshotConfiguration() {
        return new SloMinuteSerializerSnapshot();
    }

    public static final class SloMinuteSerializerSnapshot extends SimpleTypeSerializerSnapshot<SloMinute> {
        public SloMinuteSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
