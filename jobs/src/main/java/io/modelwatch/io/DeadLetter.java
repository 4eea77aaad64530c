package io.modelwatch.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/**
 * A bad input record, unchanged, with the reason it was rejected: one JSON object per line in the dead-letter
 * output, {@code {"reason": ..., "line_number": ..., "record": "<the line as it was>"}}; the line number counts
 * within the file (or Kafka partition offset) the line came from, named by {@code source} when known.
 */
public final class DeadLetter {
    private DeadLetter() {}

    public static String json(String reason, RawLine line) {
        return json(reason, line.source, line.lineNumber, line.bytes, 0, line.bytes == null ? 0 : line.length);
    }

    public static String json(String reason, String source, long lineNumber, byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder(64 + length);
        sb.append("{\"reason\":\"");
        JsonStringEncoder.getInstance().quoteAsString(reason, sb);
        sb.append('"');
        if (source != null) {
            sb.append(",\"source\":\"");
            JsonStringEncoder.getInstance().quoteAsString(source, sb);
            sb.append('"');
        }
        sb.append(",\"line_number\":").append(lineNumber).append(",\"record\":\"");
        if (bytes != null) {
            JsonStringEncoder.getInstance().quoteAsString(new String(bytes, offset, length, StandardCharsets.UTF_8), sb);
        }
        return sb.append("\"}").toString();
    }
}
