package io.modelwatch.influx;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Writes points as line protocol to one file. Run it with parallelism 1 (the job's points are few: one per
 * feature and window). The file is written under a temporary name and moved into place when the input ends,
 * so a reader never sees half a backfill and a rerun replaces the file; on an unbounded stream the temporary
 * file is flushed at every checkpoint.
 */
public final class LineProtocolFileSink implements Sink<Point> {
    private static final long serialVersionUID = 1L;

    private final String path;

    public LineProtocolFileSink(Path path) {
        this.path = path.toString();
    }

    @Override
    public SinkWriter<Point> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path target = Paths.get(path);
        if (subtask > 0) {
            String name = target.getFileName().toString();
            target = target.resolveSibling(name + "." + subtask);
        }
        return new Writer(target);
    }

    static final class Writer implements SinkWriter<Point> {
        private final Path target;
        private final Path inProgress;
        private final BufferedWriter out;
        private final StringBuilder line = new StringBuilder(256);

        Writer(Path target) throws IOException {
            this.target = target.toAbsolutePath();
            Path dir = this.target.getParent();
            if (dir != null) Files.createDirectories(dir);
            this.inProgress = this.target.resolveSibling(this.target.getFileName() + ".inprogress");
            this.out = Files.newBufferedWriter(inProgress, StandardCharsets.UTF_8);
        }

        @Override
        public void write(Point point, Context context) throws IOException {
            line.setLength(0);
            LineProtocol.append(line, point);
            line.append('\n');
            out.append(line);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            if (endOfInput) {
                out.close();
                Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
