package io.modelwatch.alerts;

import io.modelwatch.influx.Point;

/**
 * A point paired with one rule that watches its measurement: the input of {@link AlertFunction}. Internal:
 * public only for Flink's POJO serializer.
 */
public final class RuleSample {
    public String rule;
    public Point point;

    public RuleSample() {}

    RuleSample(String rule, Point point) {
        this.rule = rule;
        this.point = point;
    }

    /** The alert instance this sample belongs to: rule and series. */
    public String alertKey() {
        return rule + '\u0000' + point.seriesKey();
    }
}
