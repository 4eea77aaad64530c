package io.modelwatch.alerts;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert rule of a rules file: either a threshold ({@code MEASUREMENT.FIELD OP NUMBER}) or an absence
 * ({@code absent(MEASUREMENT)}), held for {@code for}, with a severity P0..P3 and optional annotations.
 */
public final class AlertRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String measurement;
    /** Null for an absence rule. */
    private final String field;
    private final Comparison comparison;
    private final double threshold;
    private final long forMillis;
    private final String severity;
    private final TreeMap<String, String> extraLabels;
    private final String summary;
    private final String description;
    /** Series selection: every matcher must hold (empty: every series of the measurement). */
    private final java.util.ArrayList<TagMatcher> matchers;

    private AlertRule(String name, String measurement, String field, Comparison comparison, double threshold,
            long forMillis, String severity, Map<String, String> extraLabels, String summary, String description) {
        this(name, measurement, field, comparison, threshold, forMillis, severity, extraLabels, summary, description,
                java.util.List.of());
    }

    private AlertRule(String name, String measurement, String field, Comparison comparison, double threshold,
            long forMillis, String severity, Map<String, String> extraLabels, String summary, String description,
            java.util.List<TagMatcher> matchers) {
        this.matchers = new java.util.ArrayList<>(matchers);
        this.name = Objects.requireNonNull(name, "name");
        this.measurement = Objects.requireNonNull(measurement, "measurement");
        this.field = field;
        this.comparison = comparison;
        this.threshold = threshold;
        if (forMillis < 0) throw new IllegalArgumentException("for < 0: " + forMillis);
        this.forMillis = forMillis;
        this.severity = Objects.requireNonNull(severity, "severity");
        this.extraLabels = new TreeMap<>(extraLabels);
        this.summary = summary == null ? "" : summary;
        this.description = description == null ? "" : description;
    }

    public static AlertRule threshold(String name, String measurement, String field, Comparison comparison,
            double threshold, long forMillis, String severity) {
        return new AlertRule(name, measurement, Objects.requireNonNull(field, "field"),
                Objects.requireNonNull(comparison, "comparison"), threshold, forMillis, severity, Map.of(), "", "");
    }

    public static AlertRule absence(String name, String measurement, long forMillis, String severity) {
        return new AlertRule(name, measurement, null, null, Double.NaN, forMillis, severity, Map.of(), "", "");
    }

    /** This rule with its annotations (templates, see {@link AnnotationTemplate}). */
    public AlertRule withAnnotations(String summary, String description) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, extraLabels,
                summary, description, matchers);
    }

    /** This rule with another {@code for} and severity. */
    public AlertRule withForAndSeverity(long forMillis, String severity) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, extraLabels,
                summary, description, matchers);
    }

    /** This rule with labels besides {@code severity}: pushed to Alertmanager, not written to the alerts point. */
    public AlertRule withExtraLabels(Map<String, String> labels) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, labels,
                summary, description, matchers);
    }

    /** This rule watching only the series its matchers select ({@code {model="fraud", feature=~"num_.*"}}). */
    public AlertRule withMatchers(java.util.List<TagMatcher> matchers) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, extraLabels,
                summary, description, matchers);
    }

    public java.util.List<TagMatcher> matchers() { return java.util.Collections.unmodifiableList(matchers); }

    /** Whether the rule watches the series of this point (its measurement, and every matcher holds). */
    public boolean selects(io.modelwatch.influx.Point point) {
        if (!measurement.equals(point.measurement)) return false;
        for (TagMatcher m : matchers) if (!m.matches(point)) return false;
        return true;
    }

    public String name() { return name; }
    public String measurement() { return measurement; }
    public String field() { return field; }
    public Comparison comparison() { return comparison; }
    public double threshold() { return threshold; }
    public long forMillis() { return forMillis; }
    public String severity() { return severity; }
    public Map<String, String> extraLabels() { return Collections.unmodifiableMap(extraLabels); }
    public String summary() { return summary; }
    public String description() { return description; }

    public boolean isAbsence() {
        return field == null;
    }

    /** Whether a value of the watched field meets the condition (threshold rules only). */
    public boolean isMetBy(double value) {
        return comparison.holds(value, threshold);
    }

    /** The expression as a rules file writes it. */
    public String expr() {
        String selector = matchers.isEmpty() ? "" : matchers.stream().map(TagMatcher::toString)
                .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        if (isAbsence()) return "absent(" + measurement + selector + ")";
        return measurement + "." + field + selector + " " + comparison.symbol() + " " + AnnotationTemplate.formatValue(threshold);
    }

    @Override
    public String toString() {
        return name + ": " + expr() + " for " + PrometheusDuration.format(forMillis) + " " + severity;
    }
}
