package io.modelwatch.cli;

import io.modelwatch.alerts.AlertRules;
import io.modelwatch.alerts.AlertmanagerDelivery;
import io.modelwatch.alerts.Alerts;
import io.modelwatch.alerts.AlertmanagerSettings;
import io.modelwatch.alerts.PrometheusDuration;
import io.modelwatch.influx.Point;
import org.apache.flink.streaming.api.datastream.DataStream;
import picocli.CommandLine.Option;

import java.io.PrintStream;
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
            description = "also push alerts to Alertmanager at URL (POST URL/api/v2/alerts); needs --rules (or --slos)")
    URI alertmanagerUrl;

    @Option(names = "--alert-resend", paramLabel = "DURATION", defaultValue = "1m",
            description = "re-send firing alerts to Alertmanager this often (default: ${DEFAULT-VALUE})")
    String alertResend = "1m";

    @Option(names = "--alertmanager-optional",
            description = "a bounded run whose alerts could not all be delivered to Alertmanager still exits 0 "
                    + "(without it: status " + Main.EXIT_ALERTS_UNDELIVERED + ", said on stderr)")
    boolean alertmanagerOptional;

    /** The settings the job was built with, to ask afterwards what it could not deliver. */
    private AlertmanagerSettings used;

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
        used = alertmanager;
        DataStream<Point> all = rules == null ? points : points.union(Alerts.evaluate(points, rules));
        if (alertmanager != null) Alerts.pushToAlertmanager(all, rules == null ? AlertRules.of() : rules, alertmanager);
        return all;
    }

    /**
     * After a bounded run: 0 when every alert reached Alertmanager (or none was to be pushed); otherwise says
     * on {@code err} how many did not and returns {@link Main#EXIT_ALERTS_UNDELIVERED}, or 0 with
     * --alertmanager-optional. A nightly job must not lose its alerts unseen in a log file.
     */
    int undeliveredStatus(String command, PrintStream err) {
        if (used == null) return 0;
        int n = AlertmanagerDelivery.takeUndelivered(used);
        if (n == 0) return 0;
        String what = command + ": " + n + " alert" + (n == 1 ? "" : "s") + " could not be delivered to Alertmanager at "
                + used.url() + " by the end of the run (they are in the alerts points and the log)";
        if (alertmanagerOptional) {
            err.println(what + "; exit status 0 (--alertmanager-optional)");
            return 0;
        }
        err.println(what + "; exit status " + Main.EXIT_ALERTS_UNDELIVERED
                + " (--alertmanager-optional makes this status 0)");
        return Main.EXIT_ALERTS_UNDELIVERED;
    }
}
