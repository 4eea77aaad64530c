package io.modelwatch.slo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** The wire form of a {@link SloMinute}: model, SLO index, minute, good, bad. */
public final class SloMinuteSerializer extends TypeSerializerSingleton<SloMinute> {
    private static final long serialVersionUID = 1L;
    public static final SloMinuteSerializer INSTANCE = new SloMinuteSerializer();
    public static final TypeInformation<SloMinute> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(SloMinute.class, INSTANCE);

    @Override public boolean isImmutableType() { return false; }
    @Override public SloMinute createInstance() { return new SloMinute(); }

    @Override
    public SloMinute copy(SloMinute from) {
        return new SloMinute(from.model, from.slo, from.minute, from.good, from.bad);
    }

    @Override public SloMinute copy(SloMinute from, SloMinute reuse) { return copy(from); }
    @Override public int getLength() { return -1; }

    @Override
    public void serialize(SloMinute m, DataOutputView out) throws IOException {
        out.writeUTF(m.model);
        out.writeInt(m.slo);
        out.writeLong(m.minute);
        out.writeLong(m.good);
        out.writeLong(m.bad);
    }

    @Override
    public SloMinute deserialize(DataInputView in) throws IOException {
        return new SloMinute(in.readUTF(), in.readInt(), in.readLong(), in.readLong(), in.readLong());
    }

    @Override public SloMinute deserialize(SloMinute reuse, DataInputView in) throws IOException { return deserialize(in); }
    @Override public void copy(DataInputView in, DataOutputView out) throws IOException { serialize(deserialize(in), out); }

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
