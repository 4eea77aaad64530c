package io.modelwatch.alerts;

import io.modelwatch.influx.Point;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code alerts} point of a transition (contract section 4). */
final class AlertPoints {
    static final String MEASUREMENT = "alerts";

    private AlertPoints() {}

    /** The tags of a series as a map (for templates and Alertmanager labels). */
    static Map<String, String> tags(String[] keys, String[] values) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) tags.put(keys[i], values[i]);
        return tags;
    }

    static Point of(AlertRule rule, String[] seriesTagKeys, String[] seriesTagValues, AlertTransition transition) {
        Map<String, String> seriesTags = tags(seriesTagKeys, seriesTagValues);
        Point.Builder b = Point.builder(MEASUREMENT);
        seriesTags.forEach(b::tag);
        b.tag("rule", rule.name()).tag("severity", rule.severity());
        b.field("state", transition.kind().state());
        b.field("value", transition.value());
        if (!rule.isAbsence()) b.field("threshold", rule.threshold());
        if (!rule.summary().isEmpty()) {
            b.field("summary", AnnotationTemplate.render(rule.summary(), seriesTags, transition.value()));
        }
        if (!rule.description().isEmpty()) {
            b.field("description", AnnotationTemplate.render(rule.description(), seriesTags, transition.value()));
        }
        return b.timeMillis(transition.timeMillis()).build();
    }
}
