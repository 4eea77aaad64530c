package io.modelwatch.quality;

import io.modelwatch.influx.Point;

/** The {@code input_quality} point of a model and window (contract sections 3c and 4), at the window's end. */
public final class QualityPoints {
    private QualityPoints() {}

    public static Point toPoint(QualityCounts q, String windowTag) {
        return io.modelwatch.segment.Segments.tagModel(Point.builder("input_quality"), q.model)
                .tag("window", windowTag)
                .intField("records", q.records)
                .intField("anomalous_records", q.anomalous)
                .field("anomalous_rate", q.anomalousRate())
                .intField("out_of_range", q.outOfRange)
                .intField("unseen", q.unseen)
                .intField("missing_required", q.missingRequired)
                .intField("invalid", q.invalid)
                .intField("multivariate_outliers", q.multivariateOutliers)
                .timeMillis(q.windowEnd)
                .build();
    }
}
