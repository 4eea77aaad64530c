package io.modelwatch.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads JSONL files line by line as raw bytes (no UTF-8 decoding: the parser reads bytes). FileSource
 * decompresses {@code .gz} by extension before this format sees the stream. A compressed file that ends early
 * is not a silent short read: its last element is a {@link RawLine} carrying the read error, which the
 * parser sends to the dead letters, and the rest of the job goes on.
 */
public final class JsonLinesFormat implements StreamFormat<RawLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public Reader<RawLine> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd) {
        return new LineReader(stream, null);
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                         long fileLen, long splitEnd) throws IOException {
        stream.seek(restoredOffset);
        return new LineReader(stream, null);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    static final class LineReader implements Reader<RawLine> {
        private final FSDataInputStream in;
        private final String source;
        private final byte[] buf = new byte[1 << 16];
        private int pos, limit;
        private boolean eof;
        private long lineNumber;
        private byte[] line = new byte[1 << 12];

        LineReader(FSDataInputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        @Override
        public RawLine read() throws IOException {
            if (eof && pos >= limit) return null;
            int len = 0;
            while (true) {
                if (pos >= limit) {
                    try {
                        if (!fill()) break;
                    } catch (EOFException | ZipException e) {
                        eof = true;
                        pos = limit = 0;
                        RawLine broken = new RawLine(source, lineNumber + 1, null, 0);
                        broken.readError = "input ends early after line " + lineNumber + " (" + e.getMessage() + ")";
                        return broken;
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') pos++;
                int n = pos - start;
                if (len + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
                System.arraycopy(buf, start, line, len, n);
                len += n;
                if (pos < limit) {
                    pos++; // the newline
                    break;
                }
            }
            if (eof && len == 0 && pos >= limit) return null;
            lineNumber++;
            if (len > 0 && line[len - 1] == '\r') len--;
            // A fresh array per line: downstream may run in another thread; the copy is the line's size.
            return new RawLine(source, lineNumber, Arrays.copyOf(line, len), len);
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                pos = limit = 0;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
