package io.modelwatch.cli;

import io.modelwatch.io.Durations;
import io.modelwatch.slo.SloFile;
import io.modelwatch.slo.SloSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --slos FILE} and {@code --slo-step} of {@code stream} and {@code backfill} (a picocli mixin; contract 3f). */
final class SloOptions {

    @Option(names = "--slos", paramLabel = "FILE",
            description = "SLO burn rates and burn alerts for the SLOs of FILE (see: modelwatch slos check; deploy/alerts/slos.yaml)")
    Path slosFile;

    @Option(names = "--slo-step", paramLabel = "DURATION", defaultValue = "1m",
            description = "write the slo points and evaluate the burn alerts every DURATION of event time, whole minutes (default: ${DEFAULT-VALUE})")
    String step = "1m";

    boolean given() {
        return slosFile != null;
    }

    /** The SLOs of --slos, validated (a file with problems is a usage error), or null without --slos. */
    SloSettings settings() {
        long stepMillis = Durations.parseMillis("--slo-step", step);
        if (stepMillis < 60_000 || stepMillis % 60_000 != 0) {
            throw new UsageException("--slo-step '" + step + "' must be a whole number of minutes (1m, 5m)");
        }
        if (slosFile == null) return null;
        return new SloSettings(SloFile.load(slosFile), stepMillis);
    }
}
