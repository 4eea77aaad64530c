package io.modelwatch.io;

import java.nio.charset.StandardCharsets;

/**
 * Raw input as bytes, with where it came from for dead letters: one or more lines, each ended by {@code \n}
 * except possibly the last (a Kafka message is one line; a file is read in chunks of whole lines, so that the
 * source hands over one record per chunk instead of per line). {@link #lineNumber} is the number of the first
 * line (or 0, with {@link #byteOffset} set, where it cannot be known). Input that could not be read to its end (a gzip that ends early) arrives as a RawLine with
 * {@link #readError} set and no bytes. A Flink POJO.
 */
public final class RawLine {
    public String source;
    public long lineNumber;
    public byte[] bytes;
    public int length;
    public String readError;
    /**
     * -1, or where {@code bytes[0]} lies in the file when the line numbers cannot be known (a split that starts
     * inside an uncompressed file, see {@link JsonLinesFormat}); {@link #lineNumber} is then 0.
     */
    public long byteOffset = -1;

    public RawLine() {}

    public RawLine(String source, long lineNumber, byte[] bytes, int length) {
        this.source = source;
        this.lineNumber = lineNumber;
        this.bytes = bytes;
        this.length = length;
    }

    /** Receives the lines of a RawLine, without their line end. */
    @FunctionalInterface
    public interface LineVisitor {
        void line(byte[] bytes, int offset, int length, long lineNumber) throws Exception;
    }

    /**
     * Calls {@code visitor} once per line: a line ends at each {@code \n} (a {@code \r} before it is dropped),
     * and what follows the last {@code \n}, if anything, is one more line.
     */
    public void forEachLine(LineVisitor visitor) throws Exception {
        if (bytes == null) return;
        long number = lineNumber;
        int start = 0;
        for (int i; (i = Newlines.next(bytes, start, length)) >= 0; start = i + 1) {
            visitor.line(bytes, start, endWithoutCr(start, i), number++);
        }
        if (start < length) visitor.line(bytes, start, endWithoutCr(start, length), number);
    }

    private int endWithoutCr(int start, int end) {
        return end > start && bytes[end - 1] == '\r' ? end - 1 - start : end - start;
    }

    public String text() {
        return bytes == null ? "" : new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
