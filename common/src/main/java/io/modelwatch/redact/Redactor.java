package io.modelwatch.redact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies {@link RedactionRules} to stored copies of input records (contract 3c). Off the hot path: it runs on
 * what is stored (dead letters, anomaly records), a small share of the input, so it may build a JSON tree.
 *
 * <p>A record that parses as one JSON object (nothing after it) is redacted field by field and written back
 * from the tree, so nothing of a dropped, hashed or masked value survives, not even a duplicate of its key. Any
 * other line cannot be redacted field by field: it is stored as {@code {"unparsed_bytes": N, "sha256": HEX}}.
 * A dead letter's reason may quote the line (an unparsable ts, Jackson's message about a bad token): with any
 * rule it is cut before the first quote and after "malformed JSON". Not thread-safe (the MAC): one per task.
 */
public final class Redactor {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HexFormat HEX = HexFormat.of();

    private final RedactionRules rules;
    private final Mac mac;

    /** {@code key}: the HMAC key, needed (non-empty) only when some rule hashes. */
    public Redactor(RedactionRules rules, byte[] key) {
        this.rules = rules;
        if (rules.needsKey()) {
            if (key == null || key.length == 0) throw new RedactionException(RedactionRules.KEY_ENV
                    + " is not set: the redaction rules hash " + hashed(rules) + " and need a key");
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new RedactionException("HMAC-SHA256 is not available: " + e.getMessage());
            }
        } else {
            mac = null;
        }
    }

    /** With the key from the environment ({@link RedactionRules#KEY_ENV}); refuses when a rule needs it and it is not set. */
    public static Redactor fromEnvironment(RedactionRules rules) {
        String key = System.getenv(RedactionRules.KEY_ENV);
        return new Redactor(rules, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    }

    public RedactionRules rules() {
        return rules;
    }

    /**
     * A dead letter ({@code {"reason", "source", "line_number"|"byte_offset", "record": "<line>"}}) with its
     * record redacted (still a string, the redacted object's JSON) or, where the line is no JSON object, replaced
     * by {@code {"unparsed_bytes", "sha256"}}; the reason made safe. Anything that is no dead letter is treated
     * as an unparsed line.
     */
    public String deadLetter(String deadLetterJson) {
        JsonNode dl = parse(deadLetterJson);
        if (!(dl instanceof ObjectNode)) return unparsedRecord(deadLetterJson).toString();
        ObjectNode out = (ObjectNode) dl;
        JsonNode reason = out.get("reason");
        if (reason != null) out.put("reason", safeReason(reason.asText()));
        JsonNode record = out.get("record");
        if (record != null && record.isTextual()) {
            JsonNode parsed = parse(record.asText());
            if (parsed instanceof ObjectNode) {
                out.put("record", redact((ObjectNode) parsed).toString());
            } else {
                out.set("record", unparsedRecord(record.asText()));
            }
        } else if (record != null) {
            out.set("record", record.isObject() ? redact((ObjectNode) record) : unparsedRecord(record.toString()));
        }
        return out.toString();
    }

    /** A line as it is to be stored: the redacted object's JSON, or {@code {"unparsed_bytes", "sha256"}}. */
    public ObjectNode record(String line) {
        JsonNode parsed = parse(line);
        return parsed instanceof ObjectNode ? redact((ObjectNode) parsed) : unparsedRecord(line);
    }

    /** Redacts {@code record} in place (and returns it). */
    public ObjectNode redact(ObjectNode record) {
        for (Map.Entry<String, RedactionRules.Action> rule : rules.fields().entrySet()) {
            apply(record, rule.getKey(), rule.getValue());
        }
        return record;
    }

    /**
     * The stored form of a value of field {@code path} (a reason's {@code value} in an anomaly record): the value
     * itself where no rule names the field, its hash or mask, or null where the field is dropped.
     */
    public JsonNode value(String path, JsonNode value) {
        RedactionRules.Action a = rules.action(path);
        if (a == null) return value;
        return a == RedactionRules.Action.DROP ? null : transform(value, a);
    }

    /** A dead letter's reason without anything of the line it may quote. */
    public static String safeReason(String reason) {
        int m = reason.indexOf("malformed JSON");
        if (m >= 0) reason = reason.substring(0, m + "malformed JSON".length());
        int q = reason.indexOf('\'');
        if (q >= 0) reason = reason.substring(0, q).trim();
        return reason;
    }

    /** {@code {"unparsed_bytes": N, "sha256": HEX}} of a line's UTF-8 bytes. */
    public static ObjectNode unparsedRecord(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("unparsed_bytes", bytes.length);
        try {
            n.put("sha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (GeneralSecurityException e) {
            throw new RedactionException("SHA-256 is not available: " + e.getMessage());
        }
        return n;
    }

    /**
     * Finds {@code path} in {@code node}: the whole rest of the path as one key first (a feature named
     * {@code a.b}), else the part before each dot in turn as an object to descend into.
     */
    private void apply(ObjectNode node, String path, RedactionRules.Action action) {
        if (node.has(path)) {
            if (action == RedactionRules.Action.DROP) node.remove(path);
            else node.set(path, transform(node.get(path), action));
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child instanceof ObjectNode && dot + 1 < path.length()) {
                apply((ObjectNode) child, path.substring(dot + 1), action);
            }
        }
    }

    private JsonNode transform(JsonNode v, RedactionRules.Action action) {
        if (v == null || v.isNull()) return v;
        if (action == RedactionRules.Action.HASH) {
            String text = v.isTextual() ? v.asText() : v.toString();
            return TextNode.valueOf(HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
        }
        return mask(v);
    }

    /** The type kept, the content gone: strings "***", numbers 0, booleans false, containers element by element. */
    private static JsonNode mask(JsonNode v) {
        if (v.isTextual()) return TextNode.valueOf("***");
        if (v.isNumber()) return IntNode.valueOf(0);
        if (v.isBoolean()) return BooleanNode.FALSE;
        if (v.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : v) a.add(mask(e));
            return a;
        }
        if (v.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), mask(e.getValue()));
            }
            return o;
        }
        return v;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String hashed(RedactionRules rules) {
        StringBuilder sb = new StringBuilder();
        rules.fields().forEach((p, a) -> {
            if (a == RedactionRules.Action.HASH) sb.append(sb.length() == 0 ? "" : ", ").append(p);
        });
        return sb.toString();
    }
}
