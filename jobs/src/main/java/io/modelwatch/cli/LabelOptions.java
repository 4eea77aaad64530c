package io.modelwatch.cli;

import io.modelwatch.io.Durations;
import io.modelwatch.io.InputFiles;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.performance.PerformanceSettings;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The label options (contract sections 1b, 3e) that backfill, reference and stream share; where the labels
 * come from ({@code --labels} files, {@code --labels-topic}) each command says itself. A picocli mixin.
 */
final class LabelOptions {

    @Option(names = "--label-delay", defaultValue = "1d",
            description = "A label joins a prediction at most this much earlier (default: ${DEFAULT-VALUE}).")
    String labelDelay;

    @Option(names = "--threshold", defaultValue = "0.5",
            description = "Decision threshold of binary models: a score at or above it predicts class 1 (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--task", paramLabel = "MODEL=TASK",
            description = "The task of a model, binary, multiclass or regression (default: inferred from its labels). Repeatable.")
    List<String> tasks;

    /** The checked options for label files, or null without them; {@code minCount} is the job's --min-count. */
    LabelConfig config(String labels, long minCount) {
        if (labels == null) {
            if (tasks != null && !tasks.isEmpty()) throw new UsageException("--task needs --labels");
            return null;
        }
        List<java.nio.file.Path> files;
        try {
            files = InputFiles.expand(labels);
        } catch (io.modelwatch.io.InputException e) {
            throw new UsageException(e.getMessage().replace("--input", "--labels"));
        }
        return config(files, minCount);
    }

    /** The checked options for a label topic or files already found. */
    LabelConfig config(List<java.nio.file.Path> files, long minCount) {
        long delay = Durations.parseMillis("--label-delay", labelDelay);
        if (delay <= 0) throw new UsageException("--label-delay must be positive");
        if (!(threshold >= 0 && threshold <= 1)) throw new UsageException("--threshold must be in [0, 1]");
        PerformanceSettings settings;
        try {
            settings = new PerformanceSettings(threshold, (int) Math.min(Integer.MAX_VALUE, minCount),
                    PerformanceSettings.parseTasks(tasks));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new LabelConfig(files, delay, settings);
    }
}
