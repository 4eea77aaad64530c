package io.modelwatch.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads JSONL files as raw bytes in chunks of whole lines (about {@value #CHUNK} bytes each; no UTF-8
 * decoding, the parser reads bytes). One record per chunk rather than per line keeps the source's
 * per-record cost (an allocation, a hand-over between the fetcher and the task thread) off the hot path;
 * the consumer splits the chunk with {@link RawLine#forEachLine}.
 *
 * <p><b>Splits.</b> An uncompressed file is cut into byte ranges ({@link LineSplitEnumerator}) so that several
 * subtasks read one big file. A split owns every line whose first byte lies in its range: a split that does not
 * start at 0 skips the partial line it starts in (up to and including the first {@code \n} at or after its start
 * minus one), and every split reads its last line to its end, past its range if need be. So each line is read
 * exactly once wherever the cuts fall (a line across a cut, CRLF, no final newline). A split that does not start at
 * the file's beginning cannot know its line numbers: its chunks carry {@link RawLine#byteOffset} instead, and dead
 * letters name the line by its byte offset in the file.
 *
 * <p><b>Compressed files</b> ({@code .gz} and the other extensions Flink decompresses) are one split each, read
 * from the start, with line numbers. A compressed file that ends early is not a silent short read: the whole lines
 * before the break are delivered, then a {@link RawLine} carrying the read error, which the consumer sends to the
 * dead letters; a file that cannot be decompressed at all (a {@code .gz} that is not gzip) gives one such
 * {@link RawLine} naming it. The rest of the job goes on either way.
 */
public final class JsonLinesFormat implements StreamFormat<RawLine> {
    private static final long serialVersionUID = 1L;
    static final int CHUNK = 256 * 1024;

    /**
     * The split being opened, set by {@link #withFileNames()} around Flink's adapter, which creates the reader in
     * the same thread but does not pass the split on: it names the file in dead letters and says if it is compressed.
     */
    private static final ThreadLocal<FileSourceSplit> OPENING = new ThreadLocal<>();

    /** The format as FileSource takes it, with each chunk's {@link RawLine#source} set to its file's path. */
    public static BulkFormat<RawLine, FileSourceSplit> withFileNames() {
        return new FileNamed();
    }

    /** A bounded FileSource over these files, uncompressed ones cut into line-aligned byte ranges. */
    public static FileSource<RawLine> source(Path... files) {
        return FileSource.forBulkFileFormat(withFileNames(), files)
                .setFileEnumerator(LineSplitEnumerator.provider())
                .build();
    }

    static boolean isCompressed(Path file) {
        return StandardDeCompressors.getDecompressorForFileName(file.getPath()) != null;
    }

    @Override
    public Reader<RawLine> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd)
            throws IOException {
        FileSourceSplit split = OPENING.get();
        String source = split == null ? null : split.path().getPath();
        boolean compressed = split != null && isCompressed(split.path());
        // A compressed split is the whole file, and its length counts compressed bytes: read to the end.
        return new ChunkReader(stream, source, stream.getPos(), compressed ? Long.MAX_VALUE : splitEnd, true);
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                         long fileLen, long splitEnd) throws IOException {
        stream.seek(restoredOffset);
        FileSourceSplit split = OPENING.get();
        boolean compressed = split != null && isCompressed(split.path());
        // A restored position is where a chunk of whole lines ended: no partial line to skip.
        return new ChunkReader(stream, split == null ? null : split.path().getPath(), restoredOffset,
                compressed ? Long.MAX_VALUE : splitEnd, false);
    }

    /** Flink's adapter from a stream format to a bulk format, telling the reader which split it opens. */
    static final class FileNamed implements BulkFormat<RawLine, FileSourceSplit> {
        private static final long serialVersionUID = 1L;
        private final StreamFormatAdapter<RawLine> adapter = new StreamFormatAdapter<>(new JsonLinesFormat());

        @Override
        public BulkFormat.Reader<RawLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
            OPENING.set(split);
            try {
                return adapter.createReader(config, split);
            } catch (IOException e) {
                if (!isCompressed(split.path())) throw e;
                return undecompressable(split, e); // e.g. "Not in GZIP format", thrown while opening
            } finally {
                OPENING.remove();
            }
        }

        @Override
        public BulkFormat.Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
            OPENING.set(split);
            try {
                return adapter.restoreReader(config, split);
            } catch (IOException e) {
                if (!isCompressed(split.path())) throw e;
                return undecompressable(split, e);
            } finally {
                OPENING.remove();
            }
        }

        @Override
        public boolean isSplittable() {
            return true;
        }

        @Override
        public TypeInformation<RawLine> getProducedType() {
            return adapter.getProducedType();
        }
    }

    /** A reader that gives one RawLine saying the file could not be decompressed, then ends. */
    static BulkFormat.Reader<RawLine> undecompressable(FileSourceSplit split, IOException e) {
        RawLine broken = new RawLine(split.path().getPath(), 1, null, 0);
        broken.readError = "cannot decompress " + split.path().getPath() + ": " + e.getMessage();
        return new BulkFormat.Reader<>() {
            private boolean done;

            @Override
            public BulkFormat.RecordIterator<RawLine> readBatch() {
                if (done) return null;
                done = true;
                SingletonResultIterator<RawLine> it = new SingletonResultIterator<>();
                it.set(broken, CheckpointedPosition.NO_OFFSET, 1);
                return it;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    static final class ChunkReader implements Reader<RawLine> {
        private final FSDataInputStream in;
        private final String source;
        /** The split's end: lines starting before it are this split's. */
        private final long end;
        private byte[] buf = new byte[2 * CHUNK];
        private int filled;
        /** File position of buf[0]. */
        private long pos;
        /** Still dropping the partial line the split starts in. */
        private boolean skipping;
        private boolean eof, done;
        private String failure;
        /** The next line's number, or 0 when this split cannot know it (it starts inside the file). */
        private long nextLine;

        ChunkReader(FSDataInputStream in, String source, long start, long end, boolean fresh) throws IOException {
            this.in = in;
            this.source = source;
            this.end = end;
            this.pos = start;
            this.nextLine = start == 0 ? 1 : 0;
            if (start > 0 && fresh) {
                // Does a line start at `start`? Only if the byte before it is a line end: read from there and drop
                // everything up to and including the first \n.
                in.seek(start - 1);
                pos = start - 1;
                skipping = true;
            }
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
                if (skipping && skipPartialLine()) continue;
                if (!skipping && pos >= end) {
                    done = true; // the next line starts at or after the split's end: the next split's
                    return null;
                }
                if (!skipping && pos + filled > end) {
                    // Past the split's end: the line holding byte end-1 is the last one this split owns.
                    int last = newlineFrom((int) (end - 1 - pos));
                    if (last >= 0) {
                        done = true;
                        return chunk(last + 1);
                    }
                }
                if (eof) {
                    done = true;
                    return filled == 0 || skipping ? null : chunk(filled);
                }
                if (filled == buf.length) {
                    int cut = skipping ? -1 : lastNewline();
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
                    if (cut >= 0 && !skipping) {
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
                if (!skipping && filled >= CHUNK && pos + filled <= end) {
                    int cut = lastNewline();
                    if (cut >= 0) return chunk(cut + 1);
                }
            }
        }

        /** Drops buf up to and including its first \n; true when it found one (the split's first line starts after). */
        private boolean skipPartialLine() {
            int nl = newlineFrom(0);
            if (nl < 0) {
                pos += filled; // the whole buffer is the partial line
                filled = 0;
                return false;
            }
            System.arraycopy(buf, nl + 1, buf, 0, filled - nl - 1);
            filled -= nl + 1;
            pos += nl + 1;
            skipping = false;
            return true;
        }

        private int newlineFrom(int from) {
            return Newlines.next(buf, from, filled);
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
            if (nextLine == 0) {
                r.byteOffset = pos;
            } else {
                long lines = Newlines.count(bytes, 0, end);
                if (bytes[end - 1] != '\n') lines++; // the last line of the input, without its newline
                nextLine += lines;
            }
            System.arraycopy(buf, end, buf, 0, filled - end);
            filled -= end;
            pos += end;
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
