package io.modelwatch.cli;

import io.modelwatch.performance.LabelConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Labels from files (contract section 1b), as backfill and reference read them: {@code --labels} and the
 * {@link LabelOptions} every label-reading command takes (the stream reads its labels from a topic). A picocli
 * mixin.
 */
final class LabelFileOptions {

    @Option(names = "--labels", paramLabel = "PATH",
            description = "Label files (section 1b): a .jsonl/.jsonl.gz file, a folder or a glob. Joins them to the predictions "
                    + "by model and request_id (docs/performance.md).")
    String labelFiles;

    @Mixin
    LabelOptions options;

    /** The checked options, or null without --labels; {@code minCount} is the job's --min-count. */
    LabelConfig config(long minCount) {
        return options.config(labelFiles, minCount);
    }
}
