package io.modelwatch.cli;

import io.modelwatch.segment.SegmentBy;
import io.modelwatch.segment.Segmentation;
import io.modelwatch.segment.Segments;
import picocli.CommandLine.Option;

/** {@code --segment-by KEY} and {@code --max-segments N} of reference, backfill and stream (a picocli mixin; contract 2b). */
public final class SegmentOptions {

    @Option(names = "--segment-by", paramLabel = "KEY",
            description = "Figures per segment as well: model_version or features.NAME (a categorical feature); adds the tag "
                    + "segment to the points. A missing value, or one past --max-segments, is segment " + Segments.OTHER
                    + " (docs/segments.md).")
    String segmentBy;

    @Option(names = "--max-segments", paramLabel = "N", defaultValue = "" + Segments.DEFAULT_MAX,
            description = "Most segments of their own per model, in order of first appearance (default: ${DEFAULT-VALUE}).")
    int maxSegments;

    /** The segmentation asked for (open: the jobs fill in the segments), or null without --segment-by. */
    Segmentation segmentation() {
        if (segmentBy == null) return null;
        if (maxSegments < 1) throw new UsageException("--max-segments must be at least 1");
        try {
            return Segmentation.open(SegmentBy.parse(segmentBy), maxSegments);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
