package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink's view of {@link DriftPartial}: a thin wrapper over its own streaming bytes
 * ({@link DriftPartial#writeTo}/{@link DriftPartial#readFrom}), which carry their version.
 *
 * <p>Compatibility: the bytes begin with a magic byte and their version; {@code readFrom} also reads the v1
 * bytes this serializer wrote before the partial became one type (kept under common's test resources
 * drift/v1/ and tested there). So a checkpoint or savepoint of an earlier release restores with this
 * serializer as it is, and the serializer snapshot stays the same class and reports compatible-as-is; a
 * later change of the bytes is a new version inside {@code readFrom}, never a silent misread.
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

    /** Flink asks for an instance to reuse; partials are never reused, so any valid one will do. */
    @Override
    public DriftPartial createInstance() {
        return DriftPartial.empty();
    }

    @Override
    public DriftPartial copy(DriftPartial from) {
        return from.copy();
    }

    @Override
    public DriftPartial copy(DriftPartial from, DriftPartial reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DriftPartial p, DataOutputView out) throws IOException {
        p.writeTo(out);
    }

    @Override
    public DriftPartial deserialize(DataInputView in) throws IOException {
        return DriftPartial.readFrom(in);
    }

    @Override
    public DriftPartial deserialize(DriftPartial reuse, DataInputView in) throws IOException {
        return DriftPartial.readFrom(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        DriftPartial.readFrom(in).writeTo(out);
    }

    @Override
    public TypeSerializerSnapshot<DriftPartial> snapshotConfiguration() {
        return new DriftPartialSerializerSnapshot();
    }

    /** The same snapshot class as in v1: the bytes version themselves, so the serializer restores as it is. */
    public static final class DriftPartialSerializerSnapshot extends SimpleTypeSerializerSnapshot<DriftPartial> {
        public DriftPartialSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
