package io.modelwatch.multivariate;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink's view of {@link ReconstructionPartial}: a thin wrapper over its own streaming bytes, which begin with
 * their format, so a later change of them is a new format inside {@code readFrom}, never a silent misread.
 */
public final class ReconstructionPartialSerializer extends io.modelwatch.io.OwnBytesSerializer<ReconstructionPartial> {
    private static final long serialVersionUID = 1L;
    public static final ReconstructionPartialSerializer INSTANCE = new ReconstructionPartialSerializer();
    /** The type information that makes Flink use this serializer. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<ReconstructionPartial> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(ReconstructionPartial.class, INSTANCE);

    @Override
    public ReconstructionPartial createInstance() {
        return new ReconstructionPartial("", 0, 0);
    }

    @Override
    public ReconstructionPartial copy(ReconstructionPartial from) {
        return from.copy();
    }

    @Override
    protected void write(ReconstructionPartial value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected ReconstructionPartial read(DataInputView in) throws IOException {
        return ReconstructionPartial.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<ReconstructionPartial> snapshotConfiguration() {
        return new ReconstructionPartialSerializerSnapshot();
    }

    /** The bytes carry their format, so the serializer restores as it is. */
    public static final class ReconstructionPartialSerializerSnapshot extends SimpleTypeSerializerSnapshot<ReconstructionPartial> {
        public ReconstructionPartialSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
