package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same records as files through {@code backfill} and through a Kafka topic through {@code stream --bounded}
 * (window == slide) give the same feature_drift, model_drift and model_serving points for the same windows, bit
 * for bit: one computation, two jobs. Two models with snapshots (one drifting), one without (serving only), bad
 * lines (dead letters on both sides).
 */
class StreamBackfillEquivalenceITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void streamOverATopicEqualsBackfillOverTheFile() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), snaps = dir.resolve("snapshots");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a,model-b",
                "--features", "6", "--categorical", "2", "--events", "1500",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T06:00:00Z", "--seed", "1")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", snaps.toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-b,model-x",
                "--features", "6", "--categorical", "2", "--events", "900", "--drift", "num_000,cat_00",
                "--drift-from", "2026-11-25T01:00:00Z", "--bad-lines", "0.01",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--seed", "2")).isZero();

        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", cur.toString(), "--reference", snaps.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--window", "1h",
                "--parallelism", "1", "--sink", "file:" + backfill,
                "--dead-letter", dir.resolve("backfill-dead.jsonl").toString())).isZero();

        String topic = KAFKA.createTopic("predictions", 1);
        List<String> lines = StreamTesting.lines(cur);
        KAFKA.send(topic, lines);
        Path stream = dir.resolve("stream.lp");
        assertThat(Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--starting-offsets", "earliest", "--bounded", "--reference", snaps.toString(),
                "--window", "1h", "--slide", "1h", "--parallelism", "1", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--sink", "file:" + stream,
                "--dead-letter", dir.resolve("stream-dead.jsonl").toString())).isZero();

        Map<String, Map<String, Object>> b = StreamTesting.points(backfill, StreamTesting.FIGURES);
        Map<String, Map<String, Object>> s = StreamTesting.points(stream, StreamTesting.FIGURES);
        assertThat(b.keySet()).anyMatch(k -> k.startsWith("feature_drift{feature=num_000") && k.contains("model=model-a"))
                .anyMatch(k -> k.startsWith("model_serving{model=model-x"))
                .noneMatch(k -> k.contains("model=model-x") && !k.startsWith("model_serving"));
        assertThat(b).hasSize(3 * (2 * (6 + 2 + 2 + 1) + 3)); // 3 windows x (2 models x (8 features, __prediction, __confidence, model_drift) + 3 serving)
        // Same series, times, counts and strings; doubles to 1e-12: the two jobs may add a window's values in a
        // different order (the stream flushes pane partials when its watermark moves), which moves the last bits.
        StreamTesting.assertSamePoints(s, b, 1e-12);
        // multivariate drift (issue 17): one point per model with a snapshot and window, the same on both sides
        Map<String, Map<String, Object>> bm = StreamTesting.points(backfill, java.util.Set.of("multivariate_drift"));
        assertThat(bm).hasSize(3 * 2);
        StreamTesting.assertSamePoints(StreamTesting.points(stream, java.util.Set.of("multivariate_drift")), bm, 1e-12);

        List<String> backfillDead = Files.readAllLines(dir.resolve("backfill-dead.jsonl"));
        List<String> streamDead = Files.readAllLines(dir.resolve("stream-dead.jsonl"));
        assertThat(backfillDead).isNotEmpty();
        assertThat(streamDead).hasSameSizeAs(backfillDead);
        assertThat(Files.readAllLines(stream)).anyMatch(l -> l.startsWith("pipeline,job=stream ")
                && l.contains("records_in=" + lines.size() + "i") && l.contains("bad_records=" + backfillDead.size() + "i"));
    }
}
