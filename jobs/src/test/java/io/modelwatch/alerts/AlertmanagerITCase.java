package io.modelwatch.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelwatch.influx.Point;
import io.modelwatch.testing.AlertmanagerServer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Alertmanager push against a real Alertmanager whose webhook receiver is an HTTP server in the test. */
class AlertmanagerITCase {
    static final long MIN = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path dir;
    private HttpServer webhook;
    private final LinkedBlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private AlertmanagerServer alertmanager;

    @BeforeEach
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            for (JsonNode alert : JSON.readTree(exchange.getRequestBody()).get("alerts")) notifications.add(alert);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        alertmanager = AlertmanagerServer.start(dir.resolve("am"),
                URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"));
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) alertmanager.close();
        if (webhook != null) webhook.stop(0);
    }

    static final AlertRule HIGH_ERRORS = AlertRule.threshold("HighErrorRate", "model_serving", "error_rate",
                    Comparison.GREATER, 0.05, 5 * MIN, "P1")
            .withAnnotations("Error rate above 5%", "{{ $labels.model }}: error rate {{ $value }}")
            .withExtraLabels(Map.of("team", "ml-platform"));

    static Point alertPoint(String state, long minute, double value) {
        return AlertPoints.of(HIGH_ERRORS, new String[] {"model", "window"}, new String[] {"fraud", "5m"},
                state.equals("firing") ? AlertTransition.firing(minute * MIN, value)
                        : AlertTransition.resolved(minute * MIN, value, 15 * MIN));
    }

    private AlertmanagerSinkWriter writer(URI url, Map<String, Counter> counters) {
        AlertmanagerSettings settings = AlertmanagerSettings.of(url).withResend(Duration.ofSeconds(1))
                .withTick(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(400))
                .withRequestTimeout(Duration.ofSeconds(1));
        UnregisteredMetricsGroup metrics = new UnregisteredMetricsGroup() {
            @Override
            public Counter counter(String name) {
                return counters.computeIfAbsent(name, n -> new SimpleCounter());
            }
        };
        return new AlertmanagerSinkWriter(settings, AlertRules.of(HIGH_ERRORS), new HttpAlertmanagerClient(settings),
                System::currentTimeMillis, metrics, List.of(), true);
    }

    private JsonNode nextNotification(String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode n = notifications.poll(200, TimeUnit.MILLISECONDS);
            if (n != null && n.get("status").asText().equals(status)) return n;
        }
        throw new AssertionError("no " + status + " notification from Alertmanager within 20 s");
    }

    @Test
    void aFiringAlertAndItsResolutionReachTheWebhookWithTheRightLabels() throws Exception {
        Map<String, Counter> counters = new HashMap<>();
        try (AlertmanagerSinkWriter writer = writer(alertmanager.url(), counters)) {
            long now = System.currentTimeMillis() / MIN; // times near now: Alertmanager drops alerts long resolved
            writer.write(alertPoint("firing", now - 1, 0.2), null);
            JsonNode firing = nextNotification("firing");
            assertThat(JSON.convertValue(firing.get("labels"), Map.class)).isEqualTo(Map.of(
                    "alertname", "HighErrorRate", "severity", "P1", "model", "fraud", "window", "5m",
                    "team", "ml-platform"));
            assertThat(firing.get("annotations").get("description").asText()).isEqualTo("fraud: error rate 0.2");
            assertThat(firing.get("startsAt").asText()).startsWith(java.time.Instant.ofEpochMilli((now - 1) * MIN).toString().substring(0, 16));

            writer.write(AlertPoints.of(HIGH_ERRORS, new String[] {"model", "window"}, new String[] {"fraud", "5m"},
                    AlertTransition.resolved(now * MIN, 0.01, (now - 1) * MIN)), null);
            JsonNode resolved = nextNotification("resolved");
            assertThat(resolved.get("labels").get("alertname").asText()).isEqualTo("HighErrorRate");
            assertThat(resolved.get("endsAt").asText()).startsWith(java.time.Instant.ofEpochMilli(now * MIN).toString().substring(0, 16));
        }
        assertThat(counters.get("alertmanagerPushFailures").getCount()).isZero();
    }

    @Test
    void whileAlertmanagerIsDownWritesNeverWaitAndThePushResumesWhenItIsBack() throws Exception {
        Map<String, Counter> counters = new HashMap<>();
        alertmanager.stop();
        try (AlertmanagerSinkWriter writer = writer(alertmanager.url(), counters)) {
            long now = System.currentTimeMillis() / MIN;
            // write() only records what is owed; how long 1000 writes take while Alertmanager is down is
            // measured by AlertmanagerDownBench (docs/bench.md), not asserted here.
            for (int i = 0; i < 1000; i++) writer.write(alertPoint("firing", now, 0.2 + i / 1e4), null);
            awaitPushFailures(counters, 2); // the sender tried, failed, and tried again after its backoff
            assertThat(writer.pending()).isEqualTo(1); // one alert, its latest state

            alertmanager.restart();
            JsonNode firing = nextNotification("firing");
            assertThat(firing.get("labels").get("model").asText()).isEqualTo("fraud");
        }
    }

    @Test
    void aJobWhoseAlertmanagerIsDownStillWritesAllItsPoints() throws Exception {
        alertmanager.stop();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<Point> input = new ArrayList<>();
        for (int m = 0; m < 30; m++) input.add(AlertsITCase.serving("fraud", m, m >= 10 && m < 20 ? 0.2 : 0.01));
        DataStream<Point> points = env.fromData(input);
        AlertmanagerSettings settings = AlertmanagerSettings.of(alertmanager.url())
                .withTick(Duration.ofMillis(100)).withRequestTimeout(Duration.ofMillis(500));
        DataStream<Point> all = points.union(Alerts.evaluate(points, AlertRules.of(HIGH_ERRORS), settings));
        List<Point> written = new ArrayList<>();
        all.executeAndCollect().forEachRemaining(written::add);
        // The job finishes (its duration against the same job without Alertmanager: AlertmanagerDownBench).
        assertThat(written).hasSize(32); // 30 points, firing and resolved
        assertThat(written.stream().filter(p -> p.measurement.equals("alerts")).map(p -> p.string("state")))
                .containsExactly("firing", "resolved");
    }

    /** Waits until the sender has counted at least {@code n} failed pushes (fails after 20 s without them). */
    private static void awaitPushFailures(Map<String, Counter> counters, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Counter c = counters.get("alertmanagerPushFailures");
            if (c != null && c.getCount() >= n) return;
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " failed pushes counted within 20 s: " + counters.get("alertmanagerPushFailures"));
    }
}
