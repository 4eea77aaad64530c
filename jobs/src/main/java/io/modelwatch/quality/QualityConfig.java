package io.modelwatch.quality;

import io.modelwatch.redact.RedactionRules;

import java.io.Serializable;

/**
 * The input checks of a job (contract 3c): how records are judged, and with {@code --anomalies} (a path or
 * {@code kafka:TOPIC}; null: none) the most anomaly records per model and window and the redaction of what is
 * stored (set by the job from its {@code --redact}).
 */
public record QualityConfig(QualitySettings settings, String anomalies, int anomalyLimit, RedactionRules redaction,
                            boolean checks) implements Serializable {
    public static final int DEFAULT_ANOMALY_LIMIT = 100;

    /** No input checks at all (no input_quality, no out_of_range / unseen): only for the bench's A/B of their cost. */
    public static final QualityConfig OFF = new QualityConfig(null, null, 0, null, false);

    public QualityConfig(QualitySettings settings, String anomalies, int anomalyLimit, RedactionRules redaction) {
        this(settings, anomalies, anomalyLimit, redaction, true);
    }

    public QualityConfig {
        if (settings == null) settings = QualitySettings.defaults();
        if (anomalyLimit < 0) throw new IllegalArgumentException("anomaly limit must be >= 0: " + anomalyLimit);
    }

    public static QualityConfig defaults() {
        return new QualityConfig(null, null, DEFAULT_ANOMALY_LIMIT, null);
    }

    /** {@code c}, or the defaults where null, with the job's redaction. */
    public static QualityConfig of(QualityConfig c, RedactionRules redaction) {
        QualityConfig q = c == null ? defaults() : c;
        return new QualityConfig(q.settings, q.anomalies, q.anomalyLimit, redaction, q.checks);
    }

    public boolean writesAnomalies() {
        return checks && anomalies != null && anomalyLimit > 0;
    }
}
