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

    private AlertRule(String name, String measurement, String field, Comparison comparison, double threshold,
            long forMillis, String severity, Map<String, String> extraLabels, String summary, String description) {
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
                summary, description);
    }

    /** This rule with another {@code for} and severity. */
    public AlertRule withForAndSeverity(long forMillis, String severity) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, extraLabels,
                summary, description);
    }

    /** This rule with labels besides {@code severity}: pushed to Alertmanager, not written to the alerts point. */
    public AlertRule withExtraLabels(Map<String, String> labels) {
        return new AlertRule(name, measurement, field, comparison, threshold, forMillis, severity, labels,
                summary, description);
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
        if (isAbsence()) return "absent(" + measurement + ")";
        return measurement + "." + field + " " + comparison.symbol() + " " + AnnotationTemplate.formatValue(threshold);
    }

    @Override
    public String toString() {
        return name + ": " + expr() + " for " + PrometheusDuration.format(forMillis) + " " + severity;
    }
}
