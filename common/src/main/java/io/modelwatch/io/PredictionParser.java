package io.modelwatch.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses prediction log lines (contract section 1) with Jackson's streaming parser, straight from the bytes:
 * one reused {@link PredictionRecord}, no tree, no map, numbers read as doubles without an intermediate
 * String. Not thread-safe: one per task.
 *
 * <p>{@link #parse} returns null when the line is a good record, otherwise the reason it is a bad record
 * (not an object, missing or unparsable {@code ts}, no {@code model}, a top-level key of the wrong type,
 * truncated JSON). Feature values of any type are accepted here; whether a value is missing or invalid for a
 * feature is decided against the reference snapshot, which types the feature.
 */
public final class PredictionParser {

    // NaN and Infinity literals are read as numbers: for a numeric feature they count as missing.
    private static final JsonFactory FACTORY = JsonObjectLine.factory(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    private final PredictionRecord record = new PredictionRecord();
    /** Made once: the hot path allocates nothing per line but Jackson's parser. */
    private final JsonObjectLine.Fields fields = this::readTopLevel;

    public PredictionRecord record() {
        return record;
    }

    public String parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    /** Parses {@code line[offset, offset+length)} into {@link #record()}; null if good, else the reason. */
    public String parse(byte[] line, int offset, int length) {
        record.reset();
        String problem = JsonObjectLine.parse(FACTORY, line, offset, length, fields);
        if (problem != null) return problem;
        if (record.tsMillis == Long.MIN_VALUE) return "missing ts";
        if (record.model == null || record.model.isEmpty()) return "missing model";
        return null;
    }

    private String readTopLevel(JsonParser p, String key, JsonToken t) throws IOException {
        switch (key) {
            case "ts":
                record.tsMillis = JsonObjectLine.ts(p, t);
                if (record.tsMillis != Long.MIN_VALUE) return null;
                return t == JsonToken.VALUE_STRING ? "unparsable ts '" + abbreviate(p.getText()) + "'" : "unparsable ts";
            case "model":
                if (t != JsonToken.VALUE_STRING) return "model is not a string";
                record.model = p.getText();
                return null;
            case "model_version":
                record.modelVersion = t == JsonToken.VALUE_NULL ? null : scalarText(p, t);
                return null;
            case "request_id":
                record.requestId = t == JsonToken.VALUE_NULL ? null : scalarText(p, t);
                return null;
            case "latency_ms":
                return (record.latencyMs = number(p, t)) == WRONG ? "latency_ms is not a number" : null;
            case "ttft_ms":
                return (record.ttftMs = number(p, t)) == WRONG ? "ttft_ms is not a number" : null;
            case "confidence":
                return (record.confidence = number(p, t)) == WRONG ? "confidence is not a number" : null;
            case "retries": {
                double r = number(p, t);
                if (r == WRONG) return "retries is not a number";
                record.retries = Double.isNaN(r) ? 0 : (int) r;
                return null;
            }
            case "input_length": {
                double r = number(p, t);
                if (r == WRONG) return "input_length is not a number";
                record.inputLength = Double.isNaN(r) ? -1 : (int) r;
                return null;
            }
            case "output_length": {
                double r = number(p, t);
                if (r == WRONG) return "output_length is not a number";
                record.outputLength = Double.isNaN(r) ? -1 : (int) r;
                return null;
            }
            case "status":
                if (t == JsonToken.VALUE_NULL) return null;
                if (t != JsonToken.VALUE_STRING) return "status is not a string";
                return readStatus(p.getText());
            case "prediction":
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    record.predictionNumber = p.getDoubleValue();
                } else if (t == JsonToken.VALUE_STRING) {
                    record.predictionString = p.getText();
                } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    record.predictionString = t == JsonToken.VALUE_TRUE ? "true" : "false";
                } else {
                    p.skipChildren();
                }
                return null;
            case "features":
                if (t == JsonToken.VALUE_NULL) return null;
                if (t != JsonToken.START_OBJECT) return "features is not an object";
                readFeatures(p);
                return null;
            default:
                p.skipChildren(); // unknown keys are allowed and ignored
                return null;
        }
    }

    /**
     * The feature names of the last record by position, as Jackson's pre-encoded strings: records of one model list
     * their features in the same order, and {@link JsonParser#nextFieldName(SerializableString)} compares the
     * expected name's bytes with the input instead of hashing the name into Jackson's symbol table (at 1000
     * features that lookup was 8 % of the stream's parse-and-pane thread, JFR, mostly in its secondary buckets).
     * A mismatch falls back to the ordinary path. Each distinct name is encoded once ({@link #encoded}, capped so
     * that arbitrary keys cannot grow it without bound); the names handed on are the same interned instances.
     */
    private SerializableString[] expected = new SerializableString[0];
    private final Map<String, SerializableString> encoded = new HashMap<>();
    private static final int MAX_ENCODED = 1 << 16;

    private void readFeatures(JsonParser p) throws IOException {
        JsonToken t;
        for (int k = 0; ; k++) {
            SerializableString want = k < expected.length ? expected[k] : null;
            String name;
            if (want != null && p.nextFieldName(want)) {
                name = want.getValue();
            } else {
                t = want == null ? p.nextToken() : p.currentToken();
                if (t != JsonToken.FIELD_NAME) break;
                name = p.currentName();
                remember(k, name);
            }
            t = p.nextToken();
            switch (t) {
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    record.addFeature(name, PredictionRecord.NUMBER, p.getDoubleValue(), null);
                    break;
                case VALUE_STRING:
                    record.addFeature(name, PredictionRecord.STRING, Double.NaN, p.getText());
                    break;
                case VALUE_TRUE:
                    record.addFeature(name, PredictionRecord.BOOLEAN, 1, "true");
                    break;
                case VALUE_FALSE:
                    record.addFeature(name, PredictionRecord.BOOLEAN, 0, "false");
                    break;
                case VALUE_NULL:
                    record.addFeature(name, PredictionRecord.NULL, Double.NaN, null);
                    break;
                case START_ARRAY:
                    readArray(p, name);
                    break;
                default:
                    p.skipChildren();
                    record.addFeature(name, PredictionRecord.OTHER, Double.NaN, null);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) throw new IOException("features object not closed");
    }

    private void remember(int k, String name) {
        if (k >= expected.length) expected = Arrays.copyOf(expected, Math.max(16, 2 * k + 2));
        SerializableString e = encoded.get(name);
        if (e == null && encoded.size() < MAX_ENCODED) encoded.put(name, e = new SerializedString(name));
        expected[k] = e;
    }

    /** An array: of numbers only, it is kept unboxed in the record's array buffer; else it is just OTHER. */
    private void readArray(JsonParser p, String name) throws IOException {
        int offset = record.arrayValueCount;
        boolean numbers = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new IOException("array not closed");
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                if (numbers) record.addArrayValue(p.getDoubleValue());
            } else {
                numbers = false;
                p.skipChildren();
            }
        }
        record.addFeature(name, PredictionRecord.OTHER, Double.NaN, null);
        if (numbers) record.markArray(offset);
        else record.arrayValueCount = offset;
    }

    private String readStatus(String s) {
        switch (s) {
            case "ok": record.status = PredictionRecord.STATUS_OK; return null;
            case "error": record.status = PredictionRecord.STATUS_ERROR; return null;
            case "timeout": record.status = PredictionRecord.STATUS_TIMEOUT; return null;
            case "fallback": record.status = PredictionRecord.STATUS_FALLBACK; return null;
            default: return "unknown status '" + abbreviate(s) + "' (ok, error, timeout or fallback)";
        }
    }

    /** Sentinel for "present but not a number"; distinct from NaN, which means absent or null. */
    private static final double WRONG = Double.NEGATIVE_INFINITY;

    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double v = p.getDoubleValue();
            return Double.isFinite(v) ? v : Double.NaN;
        }
        if (t == JsonToken.VALUE_NULL) return Double.NaN;
        p.skipChildren();
        return WRONG;
    }

    private static String scalarText(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue()) return p.getText();
        p.skipChildren();
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

}
