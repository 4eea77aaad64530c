package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.backfill.DriftPartialSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The version, then the partial in the backfill's sparse form ({@link DriftPartialSerializer}). A partial of a
 * dated snapshot that serves only some windows (contract 2b) is written after a tag, {@link #DATED}, as tag,
 * version, servesFrom, servesUntil, partial; one that serves every window keeps the bytes of earlier releases (no
 * tag: a version is a file's modification time and never the tag), so their savepoints restore as they are.
 */
public final class PanePartialSerializer extends TypeSerializerSingleton<PanePartial> {
    private static final long serialVersionUID = 1L;
    public static final PanePartialSerializer INSTANCE = new PanePartialSerializer();
    /** The type information that makes Flink use this serializer. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<PanePartial> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(PanePartial.class, INSTANCE);
    private static final DriftPartialSerializer DRIFT = DriftPartialSerializer.INSTANCE;
    /** The first long of a dated partial's bytes. */
    static final long DATED = Long.MIN_VALUE + 0x5EED;

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
        return new PanePartial(from.version, from.drift != null ? DRIFT.copy(from.drift) : from.partial(),
                from.servesFrom, from.servesUntil);
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
        if (p.servesFrom != Long.MIN_VALUE || p.servesUntil != Long.MAX_VALUE) {
            out.writeLong(DATED);
            out.writeLong(p.version);
            out.writeLong(p.servesFrom);
            out.writeLong(p.servesUntil);
        } else {
            out.writeLong(p.version);
        }
        if (p.drift == null) p.pane.writeShardTo(out, p.shards, p.shard); // a view: the same bytes as its shard's
        else DRIFT.serialize(p.drift, out);
    }

    @Override
    public PanePartial deserialize(DataInputView in) throws IOException {
        long first = in.readLong();
        if (first == DATED) {
            long version = in.readLong(), servesFrom = in.readLong(), servesUntil = in.readLong();
            return new PanePartial(version, DRIFT.deserialize(in), servesFrom, servesUntil);
        }
        DriftPartial d = DRIFT.deserialize(in);
        return new PanePartial(first, d);
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
