package io.modelwatch.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;

/**
 * The streaming-parse core of the line parsers ({@link PredictionParser}, {@link LabelParser}): a line is one JSON
 * object, read with Jackson's streaming parser straight from the bytes, each top-level field handed to the
 * parser's {@link Fields} as it comes; no tree, no map. What makes a line bad is the same for both (empty, not an
 * object, truncated or malformed JSON, content after the object), and so are those reasons' words.
 */
final class JsonObjectLine {
    private JsonObjectLine() {}

    /** Reads one top-level field into the parser's record; null, or the reason the line is bad. */
    @FunctionalInterface
    interface Fields {
        String read(JsonParser p, String key, JsonToken value) throws IOException;
    }

    /**
     * Doubles without an intermediate String, and interned field names: they are the very instances the snapshot's
     * index holds, so lookups hit on identity.
     */
    static JsonFactory factory(JsonReadFeature... more) {
        var b = JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(JsonFactory.Feature.INTERN_FIELD_NAMES);
        for (JsonReadFeature f : more) b.enable(f);
        return b.build();
    }

    /**
     * Reads the object in {@code line[offset, offset+length)} field by field into {@code fields}; null when it was
     * read whole (whether the record has what it must is the caller's to check), else the reason it is bad.
     */
    static String parse(JsonFactory factory, byte[] line, int offset, int length, Fields fields) {
        try (JsonParser p = factory.createParser(line, offset, length)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) return t == null ? "empty line" : "not a JSON object";
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                String problem = fields.read(p, key, t);
                if (problem != null) return problem;
            }
            if (t != JsonToken.END_OBJECT) return "malformed JSON";
            if (p.nextToken() != null) return "trailing content after the JSON object";
            return null;
        } catch (IOException | RuntimeException e) {
            return "malformed JSON: " + firstLine(e.getMessage());
        }
    }

    /**
     * A {@code ts} (contract 1): epoch milliseconds as a number, or an ISO-8601 string; {@link Long#MIN_VALUE} when it
     * is neither.
     */
    static long ts(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
        if (t == JsonToken.VALUE_STRING) return Timestamps.parseIsoMillis(p.getText());
        if (t == JsonToken.VALUE_NUMBER_FLOAT && Double.isFinite(p.getDoubleValue())) return (long) p.getDoubleValue();
        return Long.MIN_VALUE;
    }

    /** Jackson's messages go on with the location on more lines: a dead letter's reason is one line. */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
