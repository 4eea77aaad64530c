package io.modelwatch.quality;

import java.io.Serializable;

/**
 * How records are checked (contract 3c): a numeric value is out of range outside
 * [min_ref - m, max_ref + m], m = {@code rangeMargin} x (max_ref - min_ref); a feature is required when its
 * reference missing rate is below {@link #REQUIRED_BELOW}.
 */
public record QualitySettings(double rangeMargin) implements Serializable {
    public static final double DEFAULT_RANGE_MARGIN = 0.1;
    /** A feature missing in under 1 % of the reference's records is required. */
    public static final double REQUIRED_BELOW = 0.01;

    public QualitySettings {
        if (!(rangeMargin >= 0) || Double.isInfinite(rangeMargin)) {
            throw new IllegalArgumentException("range margin must be a finite number >= 0: " + rangeMargin);
        }
    }

    public static QualitySettings defaults() {
        return new QualitySettings(DEFAULT_RANGE_MARGIN);
    }
}
