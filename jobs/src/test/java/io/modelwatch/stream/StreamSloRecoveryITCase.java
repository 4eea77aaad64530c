package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import static org.assertj.core.api.Assertions.assertThat;
import io.modelwatch.slo.SloFile;
import io.modelwatch.slo.SloSettings;

/**
 * --slos across a failure: the job fails mid-stream (the {@link FailOnce} hook, after a completed checkpoint) and
 * recovers; the rings come back from the checkpoint through their own serializer with the alerts they had
 * fired, so the slo points and the burn alerts are exactly those of a run without the failure: no alert fires
 * twice, none is lost, every count is the same.
 */
class StreamSloRecoveryITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    /** As StreamRecoveryITCase's: two partitions, parallelism 2, checkpoints every 300 ms. */
    StreamConfig config(String topic, String name, long failAt) {
        StreamConfig.Builder c = StreamConfig.builder();
        c.bootstrap(KAFKA.bootstrapServers());
        c.topics(List.of(topic));
        c.groupId(name);
        c.startingOffsets("earliest");
        c.bounded(true);
        c.referenceDir(dir.resolve("snapshots").toString());
        c.windowMillis(3_600_000L);
        c.slideMillis(300_000L);
        c.parallelism(2);
        c.shards(2);
        c.checkpointIntervalMillis(300);
        c.restartAttempts(failAt > 0 ? 2 : 0);
        if (failAt > 0) c.beforeParse(FailOnce.at(failAt));
        c.sink(SinkSpec.parse("file:" + dir.resolve(name + ".lp")));
        c.deadLetterFile(dir.resolve(name + "-dead.jsonl").toString());
        return c.build();
    }

    @Test
    void recoveryFromACheckpointWritesTheSameSloPointsAndBurnAlerts() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a",
                "--features", "2", "--categorical", "0", "--events", "300", "--seed", "3",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T01:00:00Z")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", dir.resolve("snapshots").toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-b",
                "--features", "2", "--categorical", "0", "--events", "6000", "--error-rate", "0.01",
                "--seed", "5", "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T02:00:00Z")).isZero();
        String topic = KAFKA.createTopic("slo-recovery", 2);
        KAFKA.send(topic, StreamTesting.lines(cur));

        SloSettings slos = new SloSettings(SloFile.load(StreamBackfillSloEquivalenceITCase.shippedSlos()), 60_000L);
        StreamConfig clean = config(topic, "clean", 0).toBuilder().slos(slos).build();
        StreamJob.run(clean);
        int restoredBefore = FailOnce.RESTORED.get();
        StreamConfig failing = config(topic, "failing", 3000).toBuilder().slos(slos).build();
        StreamJob.run(failing);
        assertThat(FailOnce.FAILURES.get()).as("injected failures").isPositive();
        assertThat(FailOnce.RESTORED.get() - restoredBefore).as("subtasks restored from a checkpoint").isPositive();

        Map<String, Map<String, Object>> expected = StreamTesting.points(dir.resolve("clean.lp"), Set.of("slo", "alerts"));
        assertThat(expected.keySet().stream().filter(k -> k.startsWith("slo{")).count()).isEqualTo(120L * 2 * 3 * 8);
        assertThat(expected.keySet()).anyMatch(k -> k.startsWith("alerts{") && k.contains("rule=SLOBurnFast"));
        StreamTesting.assertSamePoints(StreamTesting.points(dir.resolve("failing.lp"), Set.of("slo", "alerts")), expected, 0);
    }
}
