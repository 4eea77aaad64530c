package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an Alertmanager outage costs the job, measured instead of asserted in AlertmanagerITCase (docs/bench.md):
 * <ol>
 *   <li>1000 {@code write()} calls of the Alertmanager writer while nothing listens at its URL (the writer only
 *       records what is owed; the sender thread fails in the background), against 1000 writes with no sender;
 *   <li>the 30-point job of AlertmanagerITCase with its Alertmanager down, against the same job without
 *       {@code --alertmanager}: the extra time is the writer's bounded wait at the end of input.
 * </ol>
 * Run by hand, as InfluxSinkBench (docs/influx.md): {@code java -cp ... io.modelwatch.alerts.AlertmanagerDownBench [ROUNDS]}.
 */
public final class AlertmanagerDownBench {
    static final AlertRule RULE = AlertmanagerITCase.HIGH_ERRORS;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        URI down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = URI.create("http://127.0.0.1:" + s.getLocalPort()); // closed again: connection refused
        }
        AlertmanagerSettings settings = AlertmanagerSettings.of(down).withTick(Duration.ofMillis(100))
                .withRequestTimeout(Duration.ofMillis(500));
        for (int r = 0; r < rounds; r++) {
            double downMs = writes(settings, true), idleMs = writes(settings, false);
            double withMs = job(settings), withoutMs = job(null);
            System.out.printf(Locale.ROOT, "round %d: 1000 writes %.2f ms (Alertmanager down) vs %.2f ms (no sender); "
                    + "job %.0f ms (Alertmanager down) vs %.0f ms (no Alertmanager)%n", r + 1, downMs, idleMs, withMs, withoutMs);
        }
    }

    private static double writes(AlertmanagerSettings settings, boolean sender) throws Exception {
        long now = System.currentTimeMillis() / AlertmanagerITCase.MIN;
        try (AlertmanagerSinkWriter w = new AlertmanagerSinkWriter(settings, AlertRules.of(RULE),
                new HttpAlertmanagerClient(settings), System::currentTimeMillis, new UnregisteredMetricsGroup(),
                List.of(), sender)) {
            Thread.sleep(300); // let the sender fail at least once first
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) w.write(AlertmanagerITCase.alertPoint("firing", now, 0.2 + i / 1e4), null);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static double job(AlertmanagerSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<Point> input = new ArrayList<>();
        for (int m = 0; m < 30; m++) input.add(AlertsITCase.serving("fraud", m, m >= 10 && m < 20 ? 0.2 : 0.01));
        DataStream<Point> points = env.fromData(input);
        DataStream<Point> all = points.union(Alerts.evaluate(points, AlertRules.of(RULE), settings));
        long t0 = System.nanoTime();
        List<Point> out = new ArrayList<>();
        all.executeAndCollect().forEachRemaining(out::add);
        if (out.size() != 32) throw new IllegalStateException("expected 32 points, got " + out.size());
        return (System.nanoTime() - t0) / 1e6;
    }
}
