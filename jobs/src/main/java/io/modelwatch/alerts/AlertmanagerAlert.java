package io.modelwatch.alerts;

import io.modelwatch.influx.Point;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's v2 API takes it: labels (alertname, severity, the series tags, the rule's
 * other labels), annotations, startsAt and, once resolved, endsAt.
 */
final class AlertmanagerAlert {
    static final long UNKNOWN = Long.MIN_VALUE;

    private final TreeMap<String, String> labels;
    private final TreeMap<String, String> annotations;
    private final long startsAtMillis;
    /** UNKNOWN while firing. */
    private final long endsAtMillis;

    AlertmanagerAlert(Map<String, String> labels, Map<String, String> annotations, long startsAtMillis,
            long endsAtMillis) {
        this.labels = new TreeMap<>(labels);
        this.annotations = new TreeMap<>(annotations);
        this.startsAtMillis = startsAtMillis;
        this.endsAtMillis = endsAtMillis;
    }

    /**
     * The alert an {@code alerts} point describes. {@code firingSinceMillis} is when it started firing, when
     * known (a resolved point does not carry it).
     */
    static AlertmanagerAlert fromPoint(Point point, Map<String, String> ruleLabels, long firingSinceMillis) {
        Map<String, String> labels = new TreeMap<>(ruleLabels);
        for (int i = 0; i < point.tagKeys.length; i++) {
            String key = point.tagKeys[i];
            labels.put(key.equals("rule") ? "alertname" : labelName(key), point.tagValues[i]);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (point.string("summary") != null) annotations.put("summary", point.string("summary"));
        if (point.string("description") != null) annotations.put("description", point.string("description"));
        long time = Math.floorDiv(point.timestampNanos, 1_000_000L);
        boolean resolved = "resolved".equals(point.string("state"));
        return new AlertmanagerAlert(labels, annotations, resolved ? firingSinceMillis : time,
                resolved ? time : UNKNOWN);
    }

    /** Alertmanager's label names: [a-zA-Z_][a-zA-Z0-9_]*; other characters become '_'. */
    static String labelName(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    /** The identity Alertmanager gives an alert: its label set. */
    String fingerprint() {
        return labels.toString();
    }

    boolean isResolved() {
        return endsAtMillis != UNKNOWN;
    }

    Map<String, String> labels() { return labels; }
    Map<String, String> annotations() { return annotations; }
    long startsAtMillis() { return startsAtMillis; }
    long endsAtMillis() { return endsAtMillis; }

    /** The JSON object for the push; a firing alert gets endsAt = validUntil, as Prometheus sends it. */
    Map<String, Object> toJson(long validUntilMillis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", labels);
        json.put("annotations", annotations);
        if (startsAtMillis != UNKNOWN) json.put("startsAt", Instant.ofEpochMilli(startsAtMillis).toString());
        json.put("endsAt", Instant.ofEpochMilli(isResolved() ? endsAtMillis : validUntilMillis).toString());
        return json;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlertmanagerAlert)) return false;
        AlertmanagerAlert a = (AlertmanagerAlert) o;
        return labels.equals(a.labels) && annotations.equals(a.annotations) && startsAtMillis == a.startsAtMillis
                && endsAtMillis == a.endsAtMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, startsAtMillis, endsAtMillis);
    }

    @Override
    public String toString() {
        return (isResolved() ? "resolved " : "firing ") + labels;
    }
}
