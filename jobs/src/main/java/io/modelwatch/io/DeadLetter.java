package io.modelwatch.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A bad input record, unchanged, with the reason it was rejected: one JSON object per line in the dead-letter
 * output, {@code {"reason": ..., "line_number": ..., "record": "<the line as it was>"}}; the line number counts
 * within the file the line came from.
 */
public final class DeadLetter {
    private DeadLetter() {}

    public static String json(String reason, RawLine line) {
        StringBuilder sb = new StringBuilder(64 + line.length);
        sb.append("{\"reason\":\"");
        JsonStringEncoder.getInstance().quoteAsString(reason, sb);
        sb.append('"');
        if (line.source != null) {
            sb.append(",\"source\":\"");
            JsonStringEncoder.getInstance().quoteAsString(line.source, sb);
            sb.append('"');
        }
        sb.append(",\"line_number\":").append(line.lineNumber).append(",\"record\":\"");
        JsonStringEncoder.getInstance().quoteAsString(line.text(), sb);
        return sb.append("\"}").toString();
    }
}
