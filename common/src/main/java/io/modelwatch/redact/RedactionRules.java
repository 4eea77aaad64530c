package io.modelwatch.redact;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --redact FILE} says (contract 3c): per field PATH ({@code user_id}, {@code features.email}), one
 * action. Immutable. It holds no key: the HMAC key of {@link Action#HASH} is read from the environment
 * ({@link #KEY_ENV}) where the records are redacted, so it never travels in a job graph.
 */
public final class RedactionRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The environment variable that holds the HMAC key of {@code hash}. */
    public static final String KEY_ENV = "MODELWATCH_REDACT_KEY";

    public enum Action {
        /** The field is removed. */
        DROP,
        /** The value becomes the hex HMAC-SHA256 of its text, keyed by {@link #KEY_ENV}. */
        HASH,
        /** The value keeps its type, not its content: {@code "***"}, {@code 0}, {@code false}. */
        MASK;

        public static Action parse(String s) {
            switch (s) {
                case "drop": return DROP;
                case "hash": return HASH;
                case "mask": return MASK;
                default: return null;
            }
        }
    }

    private final LinkedHashMap<String, Action> fields;

    public RedactionRules(Map<String, Action> fields) {
        for (Map.Entry<String, Action> e : fields.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) throw new IllegalArgumentException("empty field path");
            if (e.getValue() == null) throw new IllegalArgumentException("no action for " + e.getKey());
        }
        this.fields = new LinkedHashMap<>(fields);
    }

    /** PATH -> action, in the file's order. */
    public Map<String, Action> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public Action action(String path) {
        return fields.get(path);
    }

    /** Whether some rule hashes, so the key must be in the environment. */
    public boolean needsKey() {
        return fields.containsValue(Action.HASH);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
