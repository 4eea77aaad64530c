package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.backfill.DriftPartialSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** The version, then the partial in the backfill's sparse form ({@link DriftPartialSerializer}). */
public final class PanePartialSerializer extends TypeSerializerSingleton<PanePartial> {
    private static final long serialVersionUID = 1L;
    public static final PanePartialSerializer INSTANCE = new PanePartialSerializer();
    /** The type information that makes Flink use this serializer. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<PanePartial> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(PanePartial.class, INSTANCE);
    private static final DriftPartialSerializer DRIFT = DriftPartialSerializer.INSTANCE;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PanePartial createInstance() {
        return new PanePartial(0, DRIFT.createInstance());
    }

    @Override
    public PanePartial copy(PanePartial from) {
        return new PanePartial(from.version, from.drift != null ? DRIFT.copy(from.drift) : from.partial());
    }

    @Override
    public PanePartial copy(PanePartial from, PanePartial reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PanePartial p, DataOutputView out) throws IOException {
        out.writeLong(p.version);
        if (p.drift == null) p.pane.writeShardTo(out, p.shards, p.shard); // a view: the same bytes as its shard's
        else DRIFT.serialize(p.drift, out);
    }

    @Override
    public PanePartial deserialize(DataInputView in) throws IOException {
        long version = in.readLong();
        DriftPartial d = DRIFT.deserialize(in);
        return new PanePartial(version, d);
    }

    @Override
    public PanePartial deserialize(PanePartial reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PanePartial> snapshotConfiguration() {
        return new PanePartialSerializerSnapshot();
    }

    public static final class PanePartialSerializerSnapshot extends SimpleTypeSerializerSnapshot<PanePartial> {
        public PanePartialSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
