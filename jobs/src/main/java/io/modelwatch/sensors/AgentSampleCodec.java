package io.modelwatch.sensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelwatch.influx.Point;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON an agent publishes to Kafka, one message per point, keyed by host:
 *
 * <pre>
 * {"v":1,"measurement":"host","time_ms":1764000000000,"tags":{"host":"web-1"},
 *  "fields":{"cpu_percent":12.5,"mem_used_bytes":1073741824,...}}
 * </pre>
 *
 * Reading is strict about names (only contract section 4 measurements, tags and fields; anything else is
 * dropped) and lenient about numbers (integer fields are rounded, float fields accept integers).
 */
final class AgentSampleCodec {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentSampleCodec() {}

    public static String toJson(Point p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.put("measurement", p.measurement);
        root.put("time_ms", p.timestampNanos / 1_000_000L);
        ObjectNode tags = root.putObject("tags");
        for (int i = 0; i < p.tagKeys.length; i++) tags.put(p.tagKeys[i], p.tagValues[i]);
        ObjectNode fields = root.putObject("fields");
        for (int i = 0; i < p.fieldKeys.length; i++) {
            switch (p.fieldKinds[i]) {
                case Point.FLOAT: fields.put(p.fieldKeys[i], Double.longBitsToDouble(p.fieldBits[i])); break;
                case Point.INTEGER: fields.put(p.fieldKeys[i], p.fieldBits[i]); break;
                case Point.BOOLEAN: fields.put(p.fieldKeys[i], p.fieldBits[i] != 0); break;
                default: fields.put(p.fieldKeys[i], p.fieldStrings[i]);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The point, or an {@link IllegalArgumentException} saying what is wrong with the message. */
    public static Point fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
        String m = root.path("measurement").asText("");
        List<String> known = SensorSchema.fields(m);
        if (known == null) throw new IllegalArgumentException("measurement must be host or gpu, got '" + m + "'");
        JsonNode time = root.get("time_ms");
        if (time == null || !time.canConvertToLong()) throw new IllegalArgumentException("time_ms missing");
        String host = root.path("tags").path("host").asText("");
        if (host.isEmpty()) throw new IllegalArgumentException("tags.host missing");
        Point.Builder b = Point.builder(m).timeMillis(time.longValue());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tags").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            boolean allowed = m.equals(SensorSchema.HOST) ? t.getKey().equals("host") : SensorSchema.GPU_TAGS.contains(t.getKey());
            if (allowed && t.getValue().isValueNode()) b.tag(t.getKey(), t.getValue().asText());
        }
        JsonNode fields = root.path("fields");
        for (String f : known) {
            JsonNode v = fields.get(f);
            if (v == null || !v.isNumber()) continue;
            if (SensorSchema.INTEGER_FIELDS.contains(f)) b.intField(f, Math.round(v.doubleValue()));
            else b.field(f, v.doubleValue());
        }
        if (!b.hasFields()) throw new IllegalArgumentException("no known fields");
        return b.build();
    }
}
