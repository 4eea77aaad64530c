package io.modelwatch.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/**
 * A bad input record, unchanged, with the reason it was rejected: one JSON object per line in the dead-letter
 * output, {@code {"reason": ..., "source": ..., "line_number": ..., "record": "<the line as it was>"}}; the line
 * number counts within the file (or Kafka partition offset) the line came from, named by {@code source} when known.
 * A line read by a split that starts inside an uncompressed file (whose line numbers that split cannot know without
 * reading the file before it) has {@code "byte_offset"}, where the line starts in the file, instead of
 * {@code line_number}.
 */
public final class DeadLetter {
    private DeadLetter() {}

    public static String json(String reason, RawLine line) {
        return json(reason, line.source, line.lineNumber, line.bytes, 0, line.bytes == null ? 0 : line.length);
    }

    public static String json(String reason, String source, long lineNumber, byte[] bytes, int offset, int length) {
        return json(reason, source, lineNumber, -1, bytes, offset, length);
    }

    /** With {@code byteOffset >= 0}, the line is named by its byte offset in the file instead of its number. */
    public static String json(String reason, String source, long lineNumber, long byteOffset, byte[] bytes, int offset,
                              int length) {
        StringBuilder sb = new StringBuilder(64 + length);
        sb.append("{\"reason\":\"");
        JsonStringEncoder.getInstance().quoteAsString(reason, sb);
        sb.append('"');
        if (source != null) {
            sb.append(",\"source\":\"");
            JsonStringEncoder.getInstance().quoteAsString(source, sb);
            sb.append('"');
        }
        if (byteOffset >= 0) sb.append(",\"byte_offset\":").append(byteOffset);
        else sb.append(",\"line_number\":").append(lineNumber);
        sb.append(",\"record\":\"");
        if (bytes != null) {
            JsonStringEncoder.getInstance().quoteAsString(new String(bytes, offset, length, StandardCharsets.UTF_8), sb);
        }
        return sb.append("\"}").toString();
    }
}
