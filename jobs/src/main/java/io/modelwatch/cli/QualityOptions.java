package io.modelwatch.cli;

import io.modelwatch.quality.QualityConfig;
import io.modelwatch.quality.QualitySettings;
import picocli.CommandLine.Option;

/** The input checks' options of {@code backfill} and {@code stream} (a picocli mixin; contract 3c). */
public final class QualityOptions {

    @Option(names = "--range-margin", paramLabel = "M", defaultValue = "0.1",
            description = "A numeric value is out_of_range outside [min - M x (max - min), max + M x (max - min)] of its "
                    + "reference (default: ${DEFAULT-VALUE}).")
    double rangeMargin = QualitySettings.DEFAULT_RANGE_MARGIN;

    @Option(names = "--anomalies", paramLabel = "PATH|kafka:TOPIC",
            description = "Also write the anomalous records (with request_id and the reasons; redacted by --redact): a JSONL "
                    + "file, a folder (PATH/anomalies.jsonl) or, on stream, kafka:TOPIC. See docs/quality.md.")
    String anomalies;

    @Option(names = "--anomaly-limit", paramLabel = "N", defaultValue = "100",
            description = "At most N anomaly records per model and window, the first ones in event time (default: ${DEFAULT-VALUE}).")
    int anomalyLimit = QualityConfig.DEFAULT_ANOMALY_LIMIT;

    /** The input checks of the command; {@code kafka} whether kafka:TOPIC can be written (stream only). */
    QualityConfig config(boolean kafka) {
        if (!(rangeMargin >= 0) || Double.isInfinite(rangeMargin)) {
            throw new UsageException("--range-margin must be a number >= 0: " + rangeMargin);
        }
        if (anomalyLimit < 0) throw new UsageException("--anomaly-limit must be >= 0: " + anomalyLimit);
        if (anomalies != null) {
            if (anomalies.isBlank()) throw new UsageException("--anomalies is empty");
            if (anomalies.startsWith("kafka:")) {
                if (!kafka) throw new UsageException("--anomalies kafka:TOPIC is for stream (it has the Kafka bootstrap); give a PATH");
                if (anomalies.length() == "kafka:".length()) throw new UsageException("--anomalies kafka: needs a topic");
            }
        }
        return new QualityConfig(new QualitySettings(rangeMargin), anomalies, anomalyLimit, null);
    }
}
