package io.modelwatch.io;

import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one shape of this project's Flink serializers: a mutable state or wire type that writes and reads its own
 * versioned bytes (sketch-style {@code writeTo}/{@code readFrom}), never reused, of variable length. A subclass
 * says only how to make an empty value, how to copy one, and how to write and read it; it keeps its own
 * {@code SimpleTypeSerializerSnapshot} subclass, whose class name savepoints record.
 */
public abstract class OwnBytesSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Writes the value's bytes, format first. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads bytes {@link #write} wrote, of this or an older format. */
    protected abstract T read(DataInputView in) throws IOException;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    /** A deep copy; by default through the bytes, which is right for any type and fast enough off the hot path. */
    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(from, out);
            return read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        write(value, out);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return read(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        write(read(in), out);
    }
}
