package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --slos}: the same records as files through {@code backfill} and as a Kafka topic through
 * {@code stream --bounded} give the same {@code slo} points and the same burn alerts (same series, times and
 * values). The generated logs have 1 % errors and 0.5 % timeouts (a burn rate near 15 on a 99.9 % SLO), so
 * SLOBurnFast and the others fire and resolve many times as the short windows wander around their factors.
 */
class StreamBackfillSloEquivalenceITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    static Path shippedSlos() {
        Path p = Paths.get("../deploy/alerts/slos.yaml");
        return Files.exists(p) ? p : Paths.get("deploy/alerts/slos.yaml");
    }

    @Test
    void streamOverATopicWritesTheBackfillsSloPointsAndBurnAlerts() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), snaps = dir.resolve("snapshots");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a",
                "--features", "2", "--categorical", "0", "--events", "500",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T01:00:00Z", "--seed", "1")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", snaps.toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-b",
                "--features", "2", "--categorical", "0", "--events", "9000", "--error-rate", "0.01", "--bad-lines", "0.01",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--seed", "3")).isZero();
        String slos = shippedSlos().toString();

        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", cur.toString(), "--reference", snaps.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--window", "1h",
                "--parallelism", "2", "--slos", slos, "--sink", "file:" + backfill,
                "--dead-letter", dir.resolve("backfill-dead.jsonl").toString())).isZero();

        String topic = KAFKA.createTopic("predictions", 2);
        KAFKA.send(topic, StreamTesting.lines(cur));
        Path stream = dir.resolve("stream.lp");
        assertThat(Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--starting-offsets", "earliest", "--bounded", "--reference", snaps.toString(),
                "--window", "1h", "--slide", "5m", "--parallelism", "2", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--slos", slos, "--sink", "file:" + stream,
                "--dead-letter", dir.resolve("stream-dead.jsonl").toString())).isZero();

        Map<String, Map<String, Object>> b = StreamTesting.points(backfill, Set.of("slo", "alerts"));
        Map<String, Map<String, Object>> s = StreamTesting.points(stream, Set.of("slo", "alerts"));
        // 180 steps x 2 models x 3 SLOs x 8 windows of slo points, plus the alerts
        long sloPoints = b.keySet().stream().filter(k -> k.startsWith("slo{")).count();
        assertThat(sloPoints).isEqualTo(180L * 2 * 3 * 8);
        List<String> alerts = b.keySet().stream().filter(k -> k.startsWith("alerts{")).toList();
        assertThat(alerts).anyMatch(k -> k.contains("rule=SLOBurnFast") && k.contains("model=model-a"))
                .anyMatch(k -> k.contains("rule=SLOBurnFast") && k.contains("model=model-b"))
                .noneMatch(k -> k.contains("slo=latency") && k.contains("SLOBurnFast"));
        assertThat(b.entrySet()).anyMatch(e -> e.getKey().startsWith("alerts{") && "resolved".equals(e.getValue().get("state")));
        // counts are integers and equal; ratios are computed from them the same way: bit for bit
        StreamTesting.assertSamePoints(s, b, 0);
    }
}
