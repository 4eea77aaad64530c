package io.modelwatch.backfill;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.slo.SloSettings;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/** Everything a backfill run needs, parsed and checked by the CLI; immutable. */
public final class BackfillConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public final List<Path> inputs;
    public final String referenceDir;
    public final long fromMillis, toMillis;
    public final long windowMillis;
    public final DriftSettings drift;
    /** Grid size used for the histograms; 0 = the snapshot's own. */
    public final int grid;
    public final int parallelism;
    /** Feature shards per model and window: the unit of parallel scoring. */
    public final int shards;
    public final SinkSpec sink;
    public final Path deadLetter;
    /** --slos and --slo-step; null: no SLOs. */
    public final SloSettings slos;
    /** Labels to join (issue 13), or null. */
    public final io.modelwatch.performance.LabelConfig labels;
    /** --redact: applied to every stored copy of an input record (issue 16); null: none. */
    public final io.modelwatch.redact.RedactionRules redaction;
    /** --range-margin, --anomalies, --anomaly-limit (issue 16); null: the defaults. */
    public final io.modelwatch.quality.QualityConfig quality;

    public BackfillConfig(List<Path> inputs, String referenceDir, long fromMillis, long toMillis, long windowMillis,
                          DriftSettings drift, int grid, int parallelism, int shards, SinkSpec sink, Path deadLetter) {
        this.inputs = List.copyOf(inputs);
        this.referenceDir = referenceDir;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.windowMillis = windowMillis;
        this.drift = drift;
        this.grid = grid;
        this.parallelism = parallelism;
        this.shards = shards;
        this.sink = sink;
        this.deadLetter = deadLetter;
        this.slos = null;
        this.labels = null;
        this.redaction = null;
        this.quality = null;
    }

    private BackfillConfig(BackfillConfig c, SloSettings slos, io.modelwatch.performance.LabelConfig labels,
                           io.modelwatch.redact.RedactionRules redaction, io.modelwatch.quality.QualityConfig quality) {
        this.inputs = c.inputs;
        this.referenceDir = c.referenceDir;
        this.fromMillis = c.fromMillis;
        this.toMillis = c.toMillis;
        this.windowMillis = c.windowMillis;
        this.drift = c.drift;
        this.grid = c.grid;
        this.parallelism = c.parallelism;
        this.shards = c.shards;
        this.sink = c.sink;
        this.deadLetter = c.deadLetter;
        this.slos = slos;
        this.labels = labels;
        this.redaction = redaction;
        this.quality = quality;
    }

    /** This configuration with SLOs (null: none). */
    public BackfillConfig withSlos(SloSettings slos) {
        return new BackfillConfig(this, slos, labels, redaction, quality);
    }

    /** This configuration with labels to join (null: none). */
    public BackfillConfig withLabels(io.modelwatch.performance.LabelConfig labels) {
        return new BackfillConfig(this, slos, labels, redaction, quality);
    }

    /** This configuration with redaction of the stored records (null: none). */
    public BackfillConfig withRedaction(io.modelwatch.redact.RedactionRules redaction) {
        return new BackfillConfig(this, slos, labels, redaction, quality);
    }

    /** This configuration with these input checks (null: the defaults). */
    public BackfillConfig withQuality(io.modelwatch.quality.QualityConfig quality) {
        return new BackfillConfig(this, slos, labels, redaction, quality);
    }
}
