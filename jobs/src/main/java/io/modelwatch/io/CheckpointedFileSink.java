package io.modelwatch.io;

import io.modelwatch.influx.LineProtocol;
import io.modelwatch.influx.Point;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * Lines to one file for a long-running job (parallelism 1): appended as they come, flushed at every checkpoint,
 * and the file's length at that checkpoint kept in the checkpoint. After a failure the job resumes from the
 * checkpoint, the file is cut back to that length, and what is replayed is written again: the file ends up as
 * a run without the failure writes it. A fresh start appends to what an earlier run left.
 */
public final class CheckpointedFileSink<T> implements Sink<T>, SupportsWriterState<T, Long> {
    private static final long serialVersionUID = 1L;

    /** How an element becomes one line (no newline). */
    public interface LineFormat<T> extends Serializable {
        void append(StringBuilder sb, T element);
    }

    public static final LineFormat<Point> LINE_PROTOCOL = LineProtocol::append;
    public static final LineFormat<String> TEXT = StringBuilder::append;

    /** Text lines to {@code path} (another package's stream output: the input-anomaly records). */
    public static Sink<String> textLines(Path path) {
        return new CheckpointedFileSink<>(path, TEXT);
    }

    private final String path;
    private final LineFormat<T> format;

    public CheckpointedFileSink(Path path, LineFormat<T> format) {
        this.path = path.toAbsolutePath().toString();
        this.format = format;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(target(context), format, -1);
    }

    @Override
    public StatefulSinkWriter<T, Long> restoreWriter(WriterInitContext context, Collection<Long> state) throws IOException {
        long length = state.isEmpty() ? 0 : state.iterator().next();
        return new Writer<>(target(context), format, length);
    }

    private Path target(WriterInitContext context) {
        Path target = Paths.get(path);
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        return subtask == 0 ? target : target.resolveSibling(target.getFileName() + "." + subtask);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new LengthSerializer();
    }

    static final class Writer<T> implements StatefulSinkWriter<T, Long> {
        private final LineFormat<T> format;
        private final FileChannel channel;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder(256);
        private long length;

        /** {@code restoreLength} -1: append to the file as it is; else cut it to that length first. */
        Writer(Path target, LineFormat<T> format, long restoreLength) throws IOException {
            this.format = format;
            Path dir = target.getParent();
            if (dir != null) Files.createDirectories(dir);
            channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (restoreLength >= 0 && channel.size() > restoreLength) channel.truncate(restoreLength);
            length = channel.size();
            channel.position(length);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(T element, Context context) throws IOException {
            line.setLength(0);
            format.append(line, element);
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            length += bytes.length;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            if (endOfInput) channel.force(false);
        }

        @Override
        public List<Long> snapshotState(long checkpointId) throws IOException {
            out.flush();
            return List.of(length);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static final class LengthSerializer implements SimpleVersionedSerializer<Long> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long length) {
            return ByteBuffer.allocate(8).putLong(length).array();
        }

        @Override
        public Long deserialize(int version, byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    }
}
