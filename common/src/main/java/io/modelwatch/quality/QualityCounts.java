package io.modelwatch.quality;

/**
 * The input-quality counts of one model in one window (contract 3c, the {@code input_quality} point), as one
 * subtask saw them; mergeable. {@code records} counts the records checked (good records of a model with a
 * snapshot); {@code anomalous} those with at least one problem, so records - anomalous are the normal ones. The
 * per-reason counts are (record, feature) occurrences: two features out of range in one record count two. A
 * Flink POJO ({@code version}: the reference version the records were checked against, as for drift partials).
 */
public final class QualityCounts {
    public String model;
    public long windowStart, windowEnd, version;
    public long records, anomalous;
    public long outOfRange, unseen, missingRequired, invalid, multivariateOutliers;

    public QualityCounts() {}

    public QualityCounts(String model, long windowStart, long windowEnd, long version) {
        this.model = model;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.version = version;
    }

    /** Adds {@code o} into this; returns this. */
    public QualityCounts merge(QualityCounts o) {
        records += o.records;
        anomalous += o.anomalous;
        outOfRange += o.outOfRange;
        unseen += o.unseen;
        missingRequired += o.missingRequired;
        invalid += o.invalid;
        multivariateOutliers += o.multivariateOutliers;
        return this;
    }

    public double anomalousRate() {
        return records == 0 ? 0 : (double) anomalous / records;
    }

    @Override
    public String toString() {
        return "QualityCounts{" + model + " [" + windowStart + ", " + windowEnd + ") records " + records + ", anomalous "
                + anomalous + ", out_of_range " + outOfRange + ", unseen " + unseen + ", missing_required "
                + missingRequired + ", invalid " + invalid + ", multivariate_outliers " + multivariateOutliers + "}";
    }
}
