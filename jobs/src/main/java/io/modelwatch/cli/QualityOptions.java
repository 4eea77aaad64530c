package io.modelwatch.cli;

import io.modelwatch.quality.QualitySettings;
import picocli.CommandLine.Option;

/** The input checks' options of {@code backfill} and {@code stream} (a picocli mixin; contract 3c). */
public final class QualityOptions {

    @Option(names = "--range-margin", paramLabel = "M", defaultValue = "0.1",
            description = "A numeric value is out_of_range outside [min - M x (max - min), max + M x (max - min)] of its "
                    + "reference (default: ${DEFAULT-VALUE}).")
    double rangeMargin = QualitySettings.DEFAULT_RANGE_MARGIN;

    QualitySettings settings() {
        if (!(rangeMargin >= 0) || Double.isInfinite(rangeMargin)) {
            throw new UsageException("--range-margin must be a number >= 0: " + rangeMargin);
        }
        return new QualitySettings(rangeMargin);
    }
}
