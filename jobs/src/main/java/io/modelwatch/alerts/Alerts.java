package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The alert operator a job puts between its points and its sink (contract section 6):
 *
 * <pre>{@code
 * DataStream<Point> alerts = Alerts.evaluate(points, rules, alertmanager);   // alertmanager may be null
 * PointSinks.sinkTo(points.union(alerts), sink);
 * }</pre>
 *
 * <p>Each rule is evaluated per series (measurement + tags) in keyed state, keyed by rule and series; each
 * transition to firing or resolved is one {@code alerts} point, returned for the caller's sink and, with
 * Alertmanager settings, pushed to Alertmanager by a sink of parallelism 1 that never holds up the job.
 */
public final class Alerts {
    /** Stable operator ids (savepoints survive upgrades as long as these stay). */
    public static final String UID_MATCH = "alerts-match-rules";
    public static final String UID_EVALUATE = "alerts-evaluate";
    public static final String UID_ALERTMANAGER = "alerts-alertmanager";
    public static final String UID_SELECT = "alerts-select-for-alertmanager";

    private Alerts() {}

    /** The {@code alerts} points of the rules over {@code points}. */
    public static DataStream<Point> evaluate(DataStream<Point> points, AlertRules rules) {
        return evaluate(points, rules, null);
    }

    /** As {@link #evaluate(DataStream, AlertRules)}, also pushing each alert to Alertmanager when given. */
    public static DataStream<Point> evaluate(DataStream<Point> points, AlertRules rules,
            AlertmanagerSettings alertmanager) {
        // Keyed by series first: a hash partition keeps each series in order whatever the parallelism of
        // the stream (a rebalance between two operators of different parallelism would reorder it, and the
        // state machine reads a series in order).
        DataStream<Point> alerts = points
                .keyBy(Point::seriesKey)
                .flatMap(new RuleMatcher(rules))
                .name("match-alert-rules")
                .uid(UID_MATCH)
                .keyBy(RuleSample::alertKey)
                .process(new AlertFunction(rules))
                .name("evaluate-alert-rules")
                .uid(UID_EVALUATE);
        if (alertmanager != null) {
            alerts.sinkTo(new AlertmanagerSink(alertmanager, rules))
                    .name("alertmanager-push")
                    .uid(UID_ALERTMANAGER)
                    .setParallelism(1);
        }
        return alerts;
    }

    /**
     * Pushes every {@code alerts} point of {@code points} to Alertmanager (rule alerts and a job's own, such as
     * SLO burn alerts); other points are left out before the sink of parallelism 1.
     */
    public static void pushToAlertmanager(DataStream<Point> points, AlertRules rules, AlertmanagerSettings alertmanager) {
        points.filter(p -> AlertPoints.MEASUREMENT.equals(p.measurement))
                .name("select-alerts").uid(UID_SELECT)
                .sinkTo(new AlertmanagerSink(alertmanager, rules))
                .name("alertmanager-push")
                .uid(UID_ALERTMANAGER)
                .setParallelism(1);
    }
}
