package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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

    StreamConfig config(String topic, String name, long failAt, SloSettings slos) {
        return RecoveryRuns.config(KAFKA.bootstrapServers(), dir, topic, name, failAt).slideMillis(300_000L).shards(2)
                .slos(slos).build();
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
        RecoveryRuns.cleanThenFailing(config(topic, "clean", 0, slos), config(topic, "failing", 3000, slos));

        Map<String, Map<String, Object>> expected = StreamTesting.points(dir.resolve("clean.lp"), Set.of("slo", "alerts"));
        assertThat(expected.keySet().stream().filter(k -> k.startsWith("slo{")).count()).isEqualTo(120L * 2 * 3 * 8);
        assertThat(expected.keySet()).anyMatch(k -> k.startsWith("alerts{") && k.contains("rule=SLOBurnFast"));
        StreamTesting.assertSamePoints(StreamTesting.points(dir.resolve("failing.lp"), Set.of("slo", "alerts")), expected, 0);
    }
}
