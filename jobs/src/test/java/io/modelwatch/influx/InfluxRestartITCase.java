package io.modelwatch.influx;

import io.modelwatch.testing.InfluxServer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** influxd killed (SIGKILL) in the middle of a job and started again: the sink rides it out. */
class InfluxRestartITCase {

    @RegisterExtension
    @Order(1)
    static final InfluxServer INFLUX = new InfluxServer();

    /** The sink's metrics, kept after the job ends: they say whether writes failed and were retried. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir Path tmp;

    static final int POINTS = 20_000;

    @Test
    void killedAndRestartedInfluxDbEndsWithEveryPointExactlyOnce() throws Exception {
        INFLUX.createDatabase("restart");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        InfluxSink sink = InfluxSink.builder().setUrl(INFLUX.url()).setDatabase("restart")
                .setDeadLetterFile(tmp.resolve("dead.jsonl")).setMaxBatchSize(200).setMaxTimeInBufferMs(50)
                .setMaxInFlightRequests(2).setRetryTotalTime(Duration.ofSeconds(20))
                .setBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
        env.fromSequence(1, POINTS)
                .map(i -> {
                    if (i % 100 == 0) Thread.sleep(10); // about 2 s of writing
                    return Point.builder("restart").tag("sid", "s" + (i % 7)).field("v", (double) i)
                            .intField("i", i).timeNanos(i * 1_000L).build();
                }, TypeInformation.of(Point.class))
                .sinkTo(sink);
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeOutputStream(stderr, said), true, StandardCharsets.UTF_8));
        JobClient job;
        try {
            job = env.executeAsync("restart-it");
            runThroughTheOutage(job);
        } finally {
            System.setErr(stderr);
        }

        // The outage was seen and ridden out: writes failed, were retried, and the user was told both.
        assertThat(sum(job, "influxRetries")).as("retries during the outage").isPositive();
        assertThat(sum(job, "influxPointsWritten")).as("points the sink counted as stored").isGreaterThanOrEqualTo(POINTS);
        assertThat(sum(job, "influxRejectedLines")).isZero();
        List<String> lines = said.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("modelwatch: writes to InfluxDB")).toList();
        // One line when writes start failing, one when they succeed again (the restart could make two outages).
        assertThat(lines).as("what stderr said").isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(lines.size() % 2).as("every failing line has its recovery: " + lines).isZero();
        for (int k = 0; k < lines.size(); k += 2) {
            assertThat(lines.get(k)).contains(" are failing (").contains("retrying for up to 20 s");
            assertThat(lines.get(k + 1)).contains(" succeed again after ").contains(" retries)");
        }

        List<Map<String, Object>> rows = INFLUX.rows("restart", "SELECT count(v), sum(i) FROM restart");
        assertThat(((Number) rows.get(0).get("count")).longValue()).isEqualTo(POINTS);
        assertThat(((Number) rows.get(0).get("sum")).longValue()).isEqualTo((long) POINTS * (POINTS + 1) / 2);
        assertThat(INFLUX.rows("restart", "SELECT count(v) FROM restart GROUP BY sid")).hasSize(7);
        assertThat(Files.exists(tmp.resolve("dead.jsonl"))).isFalse();
    }

    private void runThroughTheOutage(JobClient job) throws Exception {

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (count() < POINTS / 10 && System.nanoTime() < deadline) Thread.sleep(20);
        long before = count();
        assertThat(before).isBetween(1L, POINTS - 1L);
        INFLUX.kill();
        Thread.sleep(1500);
        INFLUX.restart();

        JobExecutionResult result = job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(result).isNotNull();
    }

    /** A counter of the sink's writer, summed over its subtasks. */
    private static long sum(JobClient job, String counter) {
        return METRICS.findMetrics(job.getJobID(), counter).values().stream()
                .mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    /** Writes to two streams: the real stderr stays readable while the test keeps a copy. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a, b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }

    private static long count() {
        try {
            List<Map<String, Object>> rows = INFLUX.rows("restart", "SELECT count(v) FROM restart");
            return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
