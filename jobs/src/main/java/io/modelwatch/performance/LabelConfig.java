package io.modelwatch.performance;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/** The label options of a job (sections 1b, 3e), checked by the CLI; immutable. */
public final class LabelConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long DEFAULT_DELAY_MS = 86_400_000L;

    /** Label files (backfill, reference); empty for a stream, which reads a topic. */
    public final List<Path> files;
    public final long labelDelayMs;
    public final PerformanceSettings performance;

    public LabelConfig(List<Path> files, long labelDelayMs, PerformanceSettings performance) {
        this.files = List.copyOf(files);
        this.labelDelayMs = labelDelayMs;
        this.performance = performance;
    }
}
