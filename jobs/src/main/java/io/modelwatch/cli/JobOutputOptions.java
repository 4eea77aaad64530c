package io.modelwatch.cli;

import io.modelwatch.influx.Point;
import io.modelwatch.slo.SloSettings;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import picocli.CommandLine.Mixin;

import java.util.function.UnaryOperator;

/**
 * What backfill and stream share on the way out: where the points go ({@link SinkOptions}), the alert rules and
 * SLOs over them, the redaction of the dead letters; and how a job is run with them. A picocli mixin of mixins:
 * the options keep their names, help and config-file keys (and, in the stream's unsorted help, their place).
 */
final class JobOutputOptions {

    @Mixin
    SinkOptions sink;

    @Mixin
    AlertOptions alerts;

    @Mixin
    SloOptions slos;

    @Mixin
    RedactOptions redact;

    /** A drift job's run: the CLI adds the --rules alerts before the sink and watches it for the progress lines. */
    @FunctionalInterface
    interface Job {
        void run(UnaryOperator<DataStream<Point>> beforeSink, JobListener listener) throws Exception;
    }

    /** The --slos settings, or null; the SLOs' burn alerts are alerts of the job's own: --alertmanager needs no --rules. */
    SloSettings slos() {
        alerts.otherAlerts = slos.given();
        return slos.settings();
    }

    /**
     * Runs {@code job} as {@code command} (a bad rules file is a usage error before it starts) with progress lines,
     * then says {@code done} on stderr; the exit status (non-zero when alerts could not be delivered).
     */
    int run(String command, Job job, String done) throws Exception {
        alerts.rules();
        try (ProgressReporter p = new ProgressReporter(command, System.err)) {
            job.run(alerts::withAlerts, p.listener());
            p.succeeded();
        }
        System.err.println(command + ": " + done);
        return alerts.undeliveredStatus(command, System.err);
    }
}
