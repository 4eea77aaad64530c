package io.modelwatch.io;

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
 * Writes strings, one per line, to one file (subtask i > 0 writes {@code FILE.i}). The file is written under a
 * temporary name and moved into place when the input ends, so a reader never sees half a job's output and a
 * rerun replaces it; it is flushed at every checkpoint.
 */
public final class TextFileSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String path;

    public TextFileSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path target = Paths.get(path);
        if (subtask > 0) target = target.resolveSibling(target.getFileName() + "." + subtask);
        return new Writer(target);
    }

    static final class Writer implements SinkWriter<String> {
        private final Path target;
        private final Path inProgress;
        private final BufferedWriter out;
        private boolean moved;

        Writer(Path target) throws IOException {
            this.target = target;
            Path dir = target.getParent();
            if (dir != null) Files.createDirectories(dir);
            this.inProgress = target.resolveSibling(target.getFileName() + ".inprogress");
            this.out = Files.newBufferedWriter(inProgress, StandardCharsets.UTF_8);
        }

        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            if (endOfInput && !moved) {
                out.close();
                Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
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
