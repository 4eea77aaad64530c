package io.modelwatch.performance;

import java.io.Serializable;
import java.util.Map;

/**
 * The options of section 3e: the decision threshold of binary models, the least number of labelled
 * predictions behind a figure, and the task forced per model ({@code --task MODEL=...}; others are inferred).
 */
public final class PerformanceSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_THRESHOLD = 0.5;

    private final double threshold;
    private final int minCount;
    private final Map<String, Task> tasks;

    public PerformanceSettings(double threshold, int minCount, Map<String, Task> tasks) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.minCount = minCount;
        this.tasks = Map.copyOf(tasks);
    }

    public double threshold() {
        return threshold;
    }

    public int minCount() {
        return minCount;
    }

    /** The task forced for the model, or null when it is inferred from its labels. */
    public Task task(String model) {
        return tasks.get(model);
    }

    public Map<String, Task> tasks() {
        return tasks;
    }

    /**
     * Parses {@code --task} values, each {@code MODEL=binary|multiclass|regression}.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad value
     */
    public static Map<String, Task> parseTasks(Iterable<String> specs) {
        Map<String, Task> out = new java.util.LinkedHashMap<>();
        if (specs == null) return out;
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            Task task = eq <= 0 ? null : Task.parse(spec.substring(eq + 1).trim());
            if (task == null) {
                throw new IllegalArgumentException("--task wants MODEL=binary|multiclass|regression, got '" + spec + "'");
            }
            out.put(spec.substring(0, eq).trim(), task);
        }
        return out;
    }
}
