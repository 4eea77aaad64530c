package io.modelwatch.sensors;

import io.modelwatch.influx.Point;

/**
 * Adds the judgement to a raw {@code host} / {@code gpu} point (contract section 4): {@code <field>_status}
 * for each metric with a threshold, {@code <field>_anomaly} for each moving metric (all but the
 * {@code *_total_bytes} capacities), and {@code status}, the worst of the point's metric statuses
 * ({@code normal} when none of its thresholded metrics is present). Plain Java: the history comes from the
 * caller, Flink keyed state in the job, a map in tests.
 */
final class PointAssessor {

    /** Where the history of a metric of the point's series lives. */
    interface History {
        MetricWindow get(String field) throws Exception;

        void put(String field, MetricWindow window) throws Exception;
    }

    private final Thresholds thresholds;

    PointAssessor(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    Point assess(Point in, History history) throws Exception {
        Point.Builder b = Point.builder(in.measurement).timeNanos(in.timestampNanos);
        for (int i = 0; i < in.tagKeys.length; i++) b.tag(in.tagKeys[i], in.tagValues[i]);
        String worst = Thresholds.NORMAL;
        java.util.List<String> fields = SensorSchema.fields(in.measurement);
        // Raw values first, in the order they came.
        for (int i = 0; i < in.fieldKeys.length; i++) copy(b, in, i);
        for (int i = 0; i < in.fieldKeys.length; i++) {
            String field = in.fieldKeys[i];
            if (fields == null || !fields.contains(field) || field.endsWith("_status") || field.endsWith("_anomaly")) continue;
            double v = in.number(field);
            if (Double.isNaN(v)) continue;
            String status = thresholds.status(in.measurement, field, v);
            if (status != null) {
                b.field(field + "_status", status);
                worst = Thresholds.worst(worst, status);
            }
            if (SensorSchema.hasAnomalyFlag(field)) {
                MetricWindow w = history.get(field);
                if (w == null) w = new MetricWindow();
                b.field(field + "_anomaly", w.isAnomaly(v));
                w.add(v);
                history.put(field, w);
            }
        }
        b.field("status", worst);
        return b.build();
    }

    private static void copy(Point.Builder b, Point in, int i) {
        String k = in.fieldKeys[i];
        switch (in.fieldKinds[i]) {
            case Point.FLOAT: b.field(k, Double.longBitsToDouble(in.fieldBits[i])); break;
            case Point.INTEGER: b.intField(k, in.fieldBits[i]); break;
            case Point.BOOLEAN: b.field(k, in.fieldBits[i] != 0); break;
            default: b.field(k, in.fieldStrings[i]);
        }
    }
}
