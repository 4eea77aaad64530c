package io.modelwatch.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Parses label lines (contract section 1b) with Jackson's streaming parser straight from the bytes, into one
 * reused {@link LabelRecord}, on the same core as {@link PredictionParser} ({@link JsonObjectLine}). Not
 * thread-safe: one per task.
 *
 * <p>{@link #parse} returns null for a good record, else the reason it is a bad one: not an object, a
 * missing or unparsable {@code ts}, no {@code model} or {@code request_id}, truncated JSON. An outcome whose
 * value is not a finite number is left out (the label itself is still good).
 */
public final class LabelParser {

    private static final JsonFactory FACTORY = JsonObjectLine.factory();

    private final LabelRecord record = new LabelRecord();
    private final JsonObjectLine.Fields fields = this::readTopLevel;

    public LabelRecord record() {
        return record;
    }

    public String parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    public String parse(byte[] line, int offset, int length) {
        record.reset();
        String problem = JsonObjectLine.parse(FACTORY, line, offset, length, fields);
        if (problem != null) return problem;
        if (record.tsMillis == Long.MIN_VALUE) return "missing ts";
        if (record.model == null || record.model.isEmpty()) return "missing model";
        if (record.requestId == null || record.requestId.isEmpty()) return "missing request_id";
        return null;
    }

    private String readTopLevel(JsonParser p, String key, JsonToken t) throws IOException {
        switch (key) {
            case "ts":
                record.tsMillis = JsonObjectLine.ts(p, t);
                return record.tsMillis == Long.MIN_VALUE ? "unparsable ts" : null;
            case "model":
                if (t != JsonToken.VALUE_STRING) return "model is not a string";
                record.model = p.getText();
                return null;
            case "request_id":
                if (t == JsonToken.VALUE_NULL) return null;
                if (!t.isScalarValue()) return "request_id is not a string";
                record.requestId = p.getText();
                return null;
            case "label":
                switch (t) {
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        record.labelKind = PredictionRecord.NUMBER;
                        record.labelNumber = p.getDoubleValue();
                        return null;
                    case VALUE_STRING:
                        record.labelKind = PredictionRecord.STRING;
                        record.labelString = p.getText();
                        return null;
                    case VALUE_TRUE:
                    case VALUE_FALSE:
                        record.labelKind = PredictionRecord.BOOLEAN;
                        record.labelNumber = t == JsonToken.VALUE_TRUE ? 1 : 0;
                        record.labelString = t == JsonToken.VALUE_TRUE ? "true" : "false";
                        return null;
                    case VALUE_NULL:
                        return null;
                    default:
                        return "label is not a number, string or boolean";
                }
            case "outcomes":
                if (t == JsonToken.VALUE_NULL) return null;
                if (t != JsonToken.START_OBJECT) return "outcomes is not an object";
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    t = p.nextToken();
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        double v = p.getDoubleValue();
                        if (Double.isFinite(v)) record.addOutcome(name, v);
                    } else {
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.END_OBJECT) throw new IOException("outcomes object not closed");
                return null;
            default:
                p.skipChildren();
                return null;
        }
    }
}
