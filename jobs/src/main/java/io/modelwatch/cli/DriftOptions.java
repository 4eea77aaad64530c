package io.modelwatch.cli;

import io.modelwatch.drift.DriftSettings;
import picocli.CommandLine.Option;

/** The statistics options that backfill and stream share (contract section 3). A picocli mixin. */
final class DriftOptions {

    @Option(names = "--grid", defaultValue = "0", description = "Histogram grid G; must divide the snapshot's (default: the snapshot's).")
    int grid;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level for KS q-values and chi-square (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-count", defaultValue = "30", description = "Fewer values than this in a window: counts only (default: ${DEFAULT-VALUE}).")
    long minCount;

    /** The checked grid: 0 (the snapshot's own) or a positive multiple of 10. */
    int grid() {
        if (grid < 0 || grid % 10 != 0) throw new UsageException("--grid must be a multiple of 10");
        return grid;
    }

    /** The checked settings; {@code exactKs} comes from the command (only backfill has --ks). */
    DriftSettings settings(boolean exactKs) {
        if (!(alpha > 0 && alpha < 1)) throw new UsageException("--alpha must be in (0, 1)");
        if (minCount < 0) throw new UsageException("--min-count must be >= 0");
        return new DriftSettings(exactKs, alpha, minCount);
    }
}
