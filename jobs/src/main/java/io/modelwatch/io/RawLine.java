package io.modelwatch.io;

/**
 * One input line as bytes, with where it came from for dead letters. A line whose file could not be read
 * to its end (a gzip that ends early) arrives as a RawLine with {@link #readError} set and no bytes.
 * A Flink POJO.
 */
public final class RawLine {
    public String source;
    public long lineNumber;
    public byte[] bytes;
    public int length;
    public String readError;

    public RawLine() {}

    public RawLine(String source, long lineNumber, byte[] bytes, int length) {
        this.source = source;
        this.lineNumber = lineNumber;
        this.bytes = bytes;
        this.length = length;
    }

    public String text() {
        return bytes == null ? "" : new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
