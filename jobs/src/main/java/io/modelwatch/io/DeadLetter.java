package io.modelwatch.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A bad input record, unchanged, with the reason it was rejected: one JSON object per line in the dead-letter
 * output, {@code {"reason": ..., "source": ..., "line_number": ..., "record": "<the line as it was>"}}.
 */
public final class DeadLetter {
    private DeadLetter() {}

    public static String json(String reason, RawLine line) {
        StringBuilder sb = new StringBuilder(64 + line.length);
        sb.append("{\"reason\":\"");
        JsonStringEncoder.getInstance().quoteAsString(reason, sb);
        sb.append("\",\"source\":\"");
        JsonStringEncoder.getInstance().quoteAsString(line.source == null ? "" : line.source, sb);
        sb.append("\",\"line_number\":").append(line.lineNumber).append(",\"record\":\"");
        JsonStringEncoder.getInstance().quoteAsString(line.text(), sb);
        return sb.append("\"}").toString();
    }
}
