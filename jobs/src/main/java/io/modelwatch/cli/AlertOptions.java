package io.modelwatch.cli;

import io.modelwatch.alerts.AlertRules;
import io.modelwatch.alerts.Alerts;
import io.modelwatch.alerts.AlertmanagerSettings;
import io.modelwatch.alerts.PrometheusDuration;
import io.modelwatch.influx.Point;
import org.apache.flink.streaming.api.datastream.DataStream;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The alerting options of {@code stream}, {@code sensors} and {@code backfill} (a picocli mixin):
 *
 * <pre>{@code
 * @Mixin AlertOptions alerts;
 * ...
 * PointSinks.sinkTo(alerts.withAlerts(points), sink);   // points, plus the alerts points when --rules is given
 * }</pre>
 */
public final class AlertOptions {

    @Option(names = "--rules", paramLabel = "FILE",
            description = "evaluate the alert rules of FILE on the points this job makes (see: modelwatch rules check)")
    Path rulesFile;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "also push alerts to Alertmanager at URL (POST URL/api/v2/alerts); needs --rules")
    URI alertmanagerUrl;

    @Option(names = "--alert-resend", paramLabel = "DURATION", defaultValue = "1m",
            description = "re-send firing alerts to Alertmanager this often (default: ${DEFAULT-VALUE})")
    String alertResend = "1m";

    /** Set by a command whose job makes alerts of its own (--slos burn alerts): --alertmanager then needs no --rules. */
    boolean otherAlerts;

    /** The rules of --rules, validated (a file with problems is a usage error), or null without --rules. */
    public AlertRules rules() {
        if (rulesFile == null) {
            if (alertmanagerUrl != null && !otherAlerts) throw new UsageException("--alertmanager needs --rules FILE");
            return null;
        }
        return AlertRules.load(rulesFile);
    }

    /** The Alertmanager settings of --alertmanager and --alert-resend, or null without --alertmanager. */
    public AlertmanagerSettings alertmanager() {
        long resendMillis = PrometheusDuration.parseMillis(alertResend);
        if (resendMillis <= 0) {
            throw new UsageException("--alert-resend '" + alertResend + "' is not a duration > 0 (like 30s, 1m, 5m)");
        }
        if (alertmanagerUrl == null) return null;
        String scheme = alertmanagerUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || alertmanagerUrl.getHost() == null) {
            throw new UsageException("--alertmanager '" + alertmanagerUrl + "' is not an http(s)://HOST:PORT URL");
        }
        return AlertmanagerSettings.of(alertmanagerUrl).withResend(Duration.ofMillis(resendMillis));
    }

    /**
     * {@code points} with the alerts points of --rules added (unchanged without --rules); with --alertmanager,
     * every {@code alerts} point of the result (the rules' and the job's own, such as SLO burn alerts) is pushed.
     */
    public DataStream<Point> withAlerts(DataStream<Point> points) {
        AlertRules rules = rules();
        AlertmanagerSettings alertmanager = alertmanager();
        if (rules == null && alertmanager == null) return points;
        DataStream<Point> all = rules == null ? points : points.union(Alerts.evaluate(points, rules));
        if (alertmanager != null) Alerts.pushToAlertmanager(all, rules == null ? AlertRules.of() : rules, alertmanager);
        return all;
    }
}
