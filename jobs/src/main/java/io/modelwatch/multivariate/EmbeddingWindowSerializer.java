package io.modelwatch.multivariate;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink's view of {@link EmbeddingWindow}: a thin wrapper over its own streaming bytes, which begin with
 * their format, so a later change of them is a new format inside {@code readFrom}, never a silent misread.
 */
public final class EmbeddingWindowSerializer extends io.modelwatch.io.OwnBytesSerializer<EmbeddingWindow> {
    private static final long serialVersionUID = 1L;
    public static final EmbeddingWindowSerializer INSTANCE = new EmbeddingWindowSerializer();
    /** The type information that makes Flink use this serializer. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<EmbeddingWindow> TYPE =
            new io.modelwatch.io.SerializerTypeInfo<>(EmbeddingWindow.class, INSTANCE);

    @Override
    public EmbeddingWindow createInstance() {
        return new EmbeddingWindow("", 0, 0, new EmbeddingReference("", 0, 0, 0, 0, new double[0], 0, false));
    }

    @Override
    public EmbeddingWindow copy(EmbeddingWindow from) {
        return from.copy();
    }

    @Override
    protected void write(EmbeddingWindow value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected EmbeddingWindow read(DataInputView in) throws IOException {
        return EmbeddingWindow.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<EmbeddingWindow> snapshotConfiguration() {
        return new EmbeddingWindowSerializerSnapshot();
    }

    /** The bytes carry their format, so the serializer restores as it is. */
    public static final class EmbeddingWindowSerializerSnapshot extends SimpleTypeSerializerSnapshot<EmbeddingWindow> {
        public EmbeddingWindowSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
