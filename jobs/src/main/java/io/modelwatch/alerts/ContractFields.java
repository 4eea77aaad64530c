package io.modelwatch.alerts;

import java.util.Map;
import java.util.Set;

/**
 * The measurements and numeric fields a rule may watch: the table of contract section 4. String fields
 * ({@code drift_level}, {@code status}, {@code *_status}) cannot be compared with a number; booleans
 * ({@code degenerate}, {@code drift_alert}, {@code *_anomaly}) compare as 0 and 1.
 */
final class ContractFields {
    private ContractFields() {}

    private static final Map<String, Set<String>> NUMERIC = Map.of(
            "feature_drift", Set.of("count", "missing", "invalid", "missing_rate", "missing_shift", "psi",
                    "ks_stat", "ks_pvalue", "ks_qvalue", "wasserstein", "mean_shift", "std_shift", "mean", "std",
                    "chi2_stat", "chi2_pvalue", "drift_score", "degenerate", "drift_alert", "out_of_range", "unseen"),
            "model_drift", Set.of("features", "drifted", "high", "medium", "drift_share", "alerted"),
            "model_serving", Set.of("count", "qps", "error_rate", "timeout_rate", "fallback_rate", "retry_rate",
                    "latency_mean", "latency_min", "latency_p50", "latency_p90", "latency_p95", "latency_p99",
                    "latency_max", "ttft_p50", "ttft_p99", "tokens_per_s", "confidence_mean", "confidence_std",
                    "confidence_p50", "output_length_mean"),
            "host", Set.of("cpu_percent", "load1", "mem_percent", "mem_used_bytes", "mem_total_bytes", "swap_percent",
                    "disk_read_bytes_per_s", "disk_write_bytes_per_s", "net_rx_bytes_per_s", "net_tx_bytes_per_s"),
            "gpu", Set.of("utilization_percent", "memory_used_bytes", "memory_total_bytes", "memory_percent",
                    "temperature_c", "power_w"),
            "model_performance", Set.of("predictions", "labelled", "label_coverage", "label_delay_p50",
                    "label_delay_p99", "orphan_labels", "late_labels", "duplicate_labels", "accuracy", "precision",
                    "recall", "f1", "auc", "log_loss", "brier", "ece", "positive_rate", "predicted_positive_rate",
                    "macro_f1", "mae", "rmse", "mape", "r2", "bias", "estimated_accuracy", "final"),
            "pipeline", Set.of("records_in", "bad_records", "late_records", "labels_in", "points_out"),
            "slo", Set.of("total", "bad", "error_ratio", "burn_rate", "budget_remaining"),
            "input_quality", Set.of("records", "anomalous_records", "anomalous_rate", "out_of_range", "unseen",
                    "missing_required", "invalid", "multivariate_outliers"));

    /** The tags of each measurement (contract section 4), for rule matchers. */
    private static final Map<String, Set<String>> TAGS = Map.of(
            "feature_drift", Set.of("model", "feature", "window", "kind", "segment"),
            "model_drift", Set.of("model", "window", "segment"),
            "model_serving", Set.of("model", "window", "segment"),
            "host", Set.of("host"),
            "gpu", Set.of("host", "gpu", "name", "uuid"),
            "model_performance", Set.of("model", "window", "segment"),
            "pipeline", Set.of("job"),
            "slo", Set.of("model", "slo", "window"),
            "input_quality", Set.of("model", "window", "segment"));

    /**
     * Measurements beyond the ten a {@code Map.of} above holds: multivariate drift (contract 3d), with its
     * numeric fields ({@code drifted} compares as 0 or 1) and tags.
     */
    private static final Map<String, Set<String>> MORE_NUMERIC = Map.of(
            "multivariate_drift", Set.of("records", "components", "reconstruction_error", "threshold", "drifted"));
    private static final Map<String, Set<String>> MORE_TAGS = Map.of(
            "multivariate_drift", Set.of("model", "window", "segment"));

    private static Set<String> numeric(String measurement) {
        Set<String> s = NUMERIC.get(measurement);
        return s != null ? s : MORE_NUMERIC.get(measurement);
    }

    /** Measurements whose metrics carry {@code <field>_status} (string) and {@code <field>_anomaly} (bool). */
    private static final Set<String> THRESHOLDED = Set.of("host", "gpu");

    static boolean isMeasurement(String measurement) {
        return numeric(measurement) != null;
    }

    /** The tags a matcher on the measurement may name. */
    static Set<String> tags(String measurement) {
        return TAGS.getOrDefault(measurement, MORE_TAGS.getOrDefault(measurement, Set.of()));
    }

    static Set<String> measurements() {
        Set<String> all = new java.util.TreeSet<>(NUMERIC.keySet());
        all.addAll(MORE_NUMERIC.keySet());
        return all;
    }

    /** Null when {@code measurement.field} can be compared with a number, else why not. */
    static String fieldProblem(String measurement, String field) {
        Set<String> numeric = numeric(measurement);
        if (numeric.contains(field)) return null;
        // outcome_NAME and outcome_NAME_count: one per business outcome seen (section 3e)
        if (measurement.equals("model_performance") && field.startsWith("outcome_") && field.length() > 8) return null;
        if ((field.equals("drift_level") || field.equals("reference") || field.equals("drift_alert_by"))
                && measurement.matches("feature_drift|model_drift")
                || field.equals("status") && THRESHOLDED.contains(measurement)) {
            return "field " + measurement + "." + field + " is a string and cannot be compared with a number";
        }
        if (THRESHOLDED.contains(measurement)) {
            if (field.endsWith("_anomaly") && numeric.contains(strip(field, "_anomaly"))) return null;
            if (field.endsWith("_status") && numeric.contains(strip(field, "_status"))) {
                return "field " + measurement + "." + field + " is a string and cannot be compared with a number";
            }
        }
        return "unknown field '" + field + "' of measurement " + measurement;
    }

    private static String strip(String field, String suffix) {
        return field.substring(0, field.length() - suffix.length());
    }
}
