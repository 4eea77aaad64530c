package io.modelwatch.quality;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.RecordReader;
import io.modelwatch.redact.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Makes the stored form of an anomalous record (contract 3c): {@code {"ts", "model", "request_id", "reasons":
 * [{"feature", "reason", "value"}], "record", "source", "line_number" | "byte_offset"}}, the record and every
 * reason's value redacted when {@code --redact} is given. It reads the raw line once more into a tree, only for
 * the few records kept (the first --anomaly-limit of a window), never on the way of a normal record.
 * Not thread-safe: one per task.
 */
public final class AnomalyBuilder implements QualityTap.AnomalySource {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());

    private final Redactor redactor;
    private final java.util.function.Supplier<RecordReader> reader;

    /** {@code redactor} null: stored as read. */
    public AnomalyBuilder(Redactor redactor, java.util.function.Supplier<RecordReader> reader) {
        this.redactor = redactor;
        this.reader = reader;
    }

    @Override
    public String source() {
        return reader.get().source();
    }

    @Override
    public long position() {
        RecordReader r = reader.get();
        return r.byteOffset() >= 0 ? r.byteOffset() : r.lineNumber();
    }

    @Override
    public AnomalyRecord build(PredictionRecord r, InputChecker problems, String model, long windowStart) {
        RecordReader in = reader.get();
        ObjectNode record;
        try {
            record = (ObjectNode) JSON.readTree(in.lineBytes(), in.lineOffset(), in.lineLength());
        } catch (IOException | ClassCastException e) {
            // the line parsed as a prediction a moment ago; Jackson's tree reader disagreeing is a bug, not input
            throw new IllegalStateException("an anomalous record could not be read back: " + e.getMessage(), e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("ts", Instant.ofEpochMilli(r.tsMillis).toString());
        out.put("model", model);
        JsonNode requestId = record.get("request_id");
        if (requestId != null) {
            JsonNode stored = redactor == null ? requestId : redactor.value("request_id", requestId);
            if (stored != null) out.set("request_id", stored);
        } else {
            out.putNull("request_id");
        }
        ArrayNode reasons = out.putArray("reasons");
        JsonNode features = record.get("features");
        for (int j = 0; j < problems.problems(); j++) {
            ObjectNode reason = reasons.addObject();
            String feature = problems.feature(j);
            if (feature == null) reason.putNull("feature");
            else reason.put("feature", feature);
            reason.put("reason", Reason.name(problems.reason(j)));
            if (feature == null) continue;
            JsonNode value = problems.position(j) >= 0 && features != null ? features.get(feature) : null;
            if (value == null) {
                reason.putNull("value"); // absent from the record
                continue;
            }
            JsonNode stored = redactor == null ? value : redactor.value("features." + feature, value);
            if (stored != null) reason.set("value", stored); // a dropped field leaves no value
        }
        out.set("record", redactor == null ? record : redactor.redact(record));
        String source = in.source();
        if (source != null) out.put("source", source);
        if (in.byteOffset() >= 0) out.put("byte_offset", in.byteOffset());
        else out.put("line_number", in.lineNumber());
        AnomalyRecord a = new AnomalyRecord();
        a.model = model;
        a.windowStart = windowStart;
        a.tsMillis = r.tsMillis;
        a.source = source;
        a.position = position();
        try {
            a.json = JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return a;
    }
}
