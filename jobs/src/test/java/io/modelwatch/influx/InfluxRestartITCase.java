package io.modelwatch.influx;

import io.modelwatch.testing.InfluxServer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
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
        JobClient job = env.executeAsync("restart-it");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (count() < POINTS / 10 && System.nanoTime() < deadline) Thread.sleep(20);
        long before = count();
        assertThat(before).isBetween(1L, POINTS - 1L);
        INFLUX.kill();
        Thread.sleep(1500);
        INFLUX.restart();

        JobExecutionResult result = job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(result).isNotNull();
        List<Map<String, Object>> rows = INFLUX.rows("restart", "SELECT count(v), sum(i) FROM restart");
        assertThat(((Number) rows.get(0).get("count")).longValue()).isEqualTo(POINTS);
        assertThat(((Number) rows.get(0).get("sum")).longValue()).isEqualTo((long) POINTS * (POINTS + 1) / 2);
        assertThat(INFLUX.rows("restart", "SELECT count(v) FROM restart GROUP BY sid")).hasSize(7);
        assertThat(Files.exists(tmp.resolve("dead.jsonl"))).isFalse();
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
