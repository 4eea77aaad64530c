package io.modelwatch.stream;

import io.modelwatch.cli.Main;
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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure injected mid-stream (the {@link FailOnce} test hook throws at a record after a completed checkpoint,
 * on the first attempt only), then recovery from the checkpoint, gives the same points as a run without the
 * failure: the same series and times, the same integer, string and boolean fields, doubles equal to 1e-9
 * relative (a checkpoint flushes open panes, which splits floating-point sums at a different place), and the
 * same final pipeline totals. Two partitions, parallelism 2, sliding windows, checkpoints every 300 ms.
 */
class StreamRecoveryITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    StreamConfig config(String topic, String name, long failAt) {
        return RecoveryRuns.config(KAFKA.bootstrapServers(), dir, topic, name, failAt).slideMillis(1_800_000L).shards(4)
                .build();
    }

    @Test
    void recoveryFromACheckpointWritesWhatACleanRunWrites() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a,model-b",
                "--features", "20", "--categorical", "2", "--events", "1000", "--seed", "3",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T04:00:00Z")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", dir.resolve("snapshots").toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-b",
                "--features", "20", "--categorical", "2", "--events", "1200", "--drift", "num_001", "--bad-lines", "0.01",
                "--seed", "4", "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T04:00:00Z")).isZero();
        String topic = KAFKA.createTopic("recovery", 2);
        List<String> lines = StreamTesting.lines(cur);
        KAFKA.send(topic, lines);

        RecoveryRuns.cleanThenFailing(config(topic, "clean", 0), config(topic, "failing", 500));

        Path clean = dir.resolve("clean.lp"), failing = dir.resolve("failing.lp");
        Map<String, Map<String, Object>> expected = StreamTesting.points(clean, StreamTesting.FIGURES);
        assertThat(expected).hasSizeGreaterThan(100);
        StreamTesting.assertSamePoints(StreamTesting.points(failing, StreamTesting.FIGURES), expected, 1e-9);

        Line cleanTotals = lastPipeline(clean), failingTotals = lastPipeline(failing);
        assertThat(cleanTotals.fields.get("records_in")).isEqualTo((long) lines.size());
        assertThat(failingTotals.fields).isEqualTo(cleanTotals.fields);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("failing-dead.jsonl")))
                .hasSameSizeAs(java.nio.file.Files.readAllLines(dir.resolve("clean-dead.jsonl")));
    }

    static Line lastPipeline(Path file) {
        List<Line> p = LineProtocolReader.read(file).stream().filter(l -> l.measurement.equals("pipeline"))
                .sorted(Comparator.comparing(l -> l.timestamp)).collect(Collectors.toList());
        assertThat(p).isNotEmpty();
        return p.get(p.size() - 1);
    }
}
