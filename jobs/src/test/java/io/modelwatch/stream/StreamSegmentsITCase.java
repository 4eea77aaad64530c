package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LpLint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments (contract 2b) in the stream are those of the backfill: the same records as files through {@code backfill
 * --segment-by} and through a topic through {@code stream --bounded --segment-by} (window == slide), against a
 * reference built with the same key and {@code --max-segments 3} over four segments, give the same points per
 * segment, {@code __other} included: the stream gives the reference's segments their places first, as the
 * backfill does.
 */
class StreamSegmentsITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void streamPerSegmentEqualsBackfillPerSegment() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), snaps = dir.resolve("snapshots");
        List<String> segments = List.of("--segment-by", "features.segment", "--max-segments", "3");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a", "--features", "4",
                "--categorical", "2", "--segments", "4", "--events", "2400",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T06:00:00Z", "--seed", "1")).isZero();
        assertThat(Main.execute(concat(List.of("reference", "--input", ref.toString(), "--output", snaps.toString()),
                segments))).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a", "--features", "4",
                "--categorical", "2", "--segments", "4", "--events", "1200", "--drift", "num_000",
                "--drift-segment", "seg_01", "--bad-lines", "0.01",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--seed", "2")).isZero();

        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute(concat(List.of("backfill", "--input", cur.toString(), "--reference", snaps.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--window", "1h",
                "--parallelism", "2", "--sink", "file:" + backfill,
                "--dead-letter", dir.resolve("backfill-dead.jsonl").toString()), segments))).isZero();

        String topic = KAFKA.createTopic("predictions", 1);
        KAFKA.send(topic, StreamTesting.lines(cur));
        Path stream = dir.resolve("stream.lp");
        assertThat(Main.execute(concat(List.of("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic",
                topic, "--starting-offsets", "earliest", "--bounded", "--reference", snaps.toString(),
                "--window", "1h", "--slide", "1h", "--parallelism", "1", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--sink", "file:" + stream,
                "--dead-letter", dir.resolve("stream-dead.jsonl").toString()), segments))).isZero();
        LpLint.assertPasses(stream);

        Set<String> measurements = Set.of("feature_drift", "model_drift", "model_serving", "input_quality");
        Map<String, Map<String, Object>> b = StreamTesting.points(backfill, measurements);
        Map<String, Map<String, Object>> s = StreamTesting.points(stream, measurements);
        // 3 windows x 4 series (3 segments and __other) x (4 + 3 categorical incl. segment, __prediction,
        // __confidence, model_drift, model_serving, input_quality)
        assertThat(b).hasSize(3 * 4 * (4 + 3 + 2 + 3));
        assertThat(b.keySet()).allMatch(k -> k.contains("segment="));
        assertThat(b.keySet()).anyMatch(k -> k.contains("segment=__other"));
        StreamTesting.assertSamePoints(s, b, 1e-9);
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
