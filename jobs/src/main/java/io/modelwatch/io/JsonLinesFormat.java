package io.modelwatch.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads JSONL files as raw bytes in chunks of whole lines (about {@value #CHUNK} bytes each; no UTF-8
 * decoding, the parser reads bytes). One record per chunk rather than per line keeps the source's
 * per-record cost (an allocation, a hand-over between the fetcher and the task thread) off the hot path;
 * the consumer splits the chunk with {@link RawLine#forEachLine}. FileSource decompresses {@code .gz} by
 * extension before this format sees the stream. A compressed file that ends early is not a silent short read:
 * the whole lines before the break are delivered, then a {@link RawLine} carrying the read error, which the
 * consumer sends to the dead letters; the rest of the job goes on.
 */
public final class JsonLinesFormat implements StreamFormat<RawLine> {
    private static final long serialVersionUID = 1L;
    static final int CHUNK = 256 * 1024;

    /**
     * The file being opened, set by {@link #withFileNames()} around Flink's adapter, which creates the reader
     * in the same thread but does not pass the path on: it names the file in dead letters.
     */
    private static final ThreadLocal<String> OPENING = new ThreadLocal<>();

    /** The format as FileSource takes it, with each chunk's {@link RawLine#source} set to its file's path. */
    public static BulkFormat<RawLine, FileSourceSplit> withFileNames() {
        return new FileNamed();
    }

    @Override
    public Reader<RawLine> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd) {
        return new ChunkReader(stream, OPENING.get());
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                         long fileLen, long splitEnd) throws IOException {
        stream.seek(restoredOffset);
        return new ChunkReader(stream, OPENING.get());
    }

    /** Flink's adapter from a stream format to a bulk format, telling the reader which file it opens. */
    static final class FileNamed implements BulkFormat<RawLine, FileSourceSplit> {
        private static final long serialVersionUID = 1L;
        private final StreamFormatAdapter<RawLine> adapter = new StreamFormatAdapter<>(new JsonLinesFormat());

        @Override
        public BulkFormat.Reader<RawLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
            OPENING.set(split.path().getPath());
            try {
                return adapter.createReader(config, split);
            } finally {
                OPENING.remove();
            }
        }

        @Override
        public BulkFormat.Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
            OPENING.set(split.path().getPath());
            try {
                return adapter.restoreReader(config, split);
            } finally {
                OPENING.remove();
            }
        }

        @Override
        public boolean isSplittable() {
            return false;
        }

        @Override
        public TypeInformation<RawLine> getProducedType() {
            return adapter.getProducedType();
        }
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    static final class ChunkReader implements Reader<RawLine> {
        private final FSDataInputStream in;
        private final String source;
        private byte[] buf = new byte[2 * CHUNK];
        private int filled;
        private boolean eof, done;
        private String failure;
        private long nextLine = 1;

        ChunkReader(FSDataInputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        @Override
        public RawLine read() throws IOException {
            while (true) {
                if (done) return null;
                if (failure != null) {
                    done = true;
                    RawLine broken = new RawLine(source, nextLine, null, 0);
                    broken.readError = "input ends early after line " + (nextLine - 1) + " (" + failure + ")";
                    return broken;
                }
                if (eof) {
                    done = true;
                    return filled == 0 ? null : chunk(filled);
                }
                if (filled == buf.length) {
                    int cut = lastNewline();
                    if (cut >= 0) return chunk(cut + 1);
                    buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
                }
                int n;
                try {
                    n = in.read(buf, filled, buf.length - filled);
                } catch (EOFException | ZipException e) {
                    // Deliver the whole lines read so far, drop the cut one, then report where it broke.
                    failure = String.valueOf(e.getMessage());
                    int cut = lastNewline();
                    if (cut >= 0) {
                        RawLine c = chunk(cut + 1);
                        filled = 0;
                        return c;
                    }
                    continue;
                }
                if (n <= 0) {
                    eof = true;
                    continue;
                }
                filled += n;
                if (filled >= CHUNK) {
                    int cut = lastNewline();
                    if (cut >= 0) return chunk(cut + 1);
                }
            }
        }

        private int lastNewline() {
            for (int i = filled - 1; i >= 0; i--) {
                if (buf[i] == '\n') return i;
            }
            return -1;
        }

        /** Hands over buf[0, end) as a fresh array (the consumer may run in another thread) and keeps the rest. */
        private RawLine chunk(int end) {
            byte[] bytes = Arrays.copyOf(buf, end);
            RawLine r = new RawLine(source, nextLine, bytes, end);
            long lines = 0;
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') lines++;
            }
            if (bytes[end - 1] != '\n') lines++; // the last line of the input, without its newline
            nextLine += lines;
            System.arraycopy(buf, end, buf, 0, filled - end);
            filled -= end;
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
