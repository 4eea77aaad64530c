package io.modelwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract 2b in the stream: a folder with a snapshot valid from Nov 25 00:00 and one valid from 06:00 (whose
 * reference holds x shifted by +5, as the traffic from 06:00 on does), 6h windows sliding by 3h. The window
 * [03:00, 09:00) starts before 06:00, so its panes of [06:00, 09:00), which also belong to the window [06:00,
 * 12:00) of the other snapshot, are folded against both. Oracle: the same stream against a folder holding only
 * the snapshot valid at the window's start (a one-snapshot folder behaves as in earlier releases).
 */
class StreamDatedSnapshotsITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    static final Set<String> DRIFT = Set.of("feature_drift", "model_drift");

    @TempDir Path dir;

    static void write(Path file, Instant start, long hours, double shiftFrom6h, long salt, boolean shiftAll) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (long i = 0; i < hours * 120; i++) {
                long ts = start.toEpochMilli() + i * 30_000;
                boolean shifted = shiftAll || ts >= T0.toEpochMilli() + 6 * 3_600_000L;
                double x = 10 + (((i + salt) * 7919) % 601) / 100.0 - 3 + (shifted ? shiftFrom6h : 0);
                w.write("{\"ts\":" + ts + ",\"model\":\"m\",\"latency_ms\":5,\"features\":{\"x\":" + x + "}}\n");
            }
        }
    }

    static long endNs(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
    }

    /** The stream over the topic against a folder: its drift points of the windows ending 06:00 .. 15:00. */
    Map<String, Map<String, Object>> stream(String name, String topic, Path reference) {
        Path out = dir.resolve(name + ".lp");
        assertThat(Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--starting-offsets", "earliest", "--bounded", "--reference", reference.toString(),
                "--window", "6h", "--slide", "3h", "--parallelism", "1", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--sink", "file:" + out,
                "--dead-letter", dir.resolve(name + "-dead.jsonl").toString())).isZero();
        assertThat(StreamTesting.duplicates(out, DRIFT)).as("no window written twice").isEmpty();
        Map<String, Map<String, Object>> points = new TreeMap<>(StreamTesting.points(out, DRIFT));
        long first = (T0.toEpochMilli() + 6 * 3_600_000L) * 1_000_000L, last = first + 9 * 3_600_000_000_000L;
        points.keySet().removeIf(k -> endNs(k) < first || endNs(k) > last);
        return points;
    }

    @Test
    void eachSlidingWindowUsesTheSnapshotValidAtItsStartEvenWhereItsPanesServeTwo() throws Exception {
        Path ref1 = Files.createDirectories(dir.resolve("ref1")), ref2 = Files.createDirectories(dir.resolve("ref2"));
        write(ref1.resolve("r.jsonl"), T0.minusSeconds(86_400), 24, 0, 1, false);
        write(ref2.resolve("r.jsonl"), T0.minusSeconds(86_400), 24, 5, 2, true);
        Path old = dir.resolve("old"), neu = dir.resolve("new"), both = Files.createDirectories(dir.resolve("both"));
        assertThat(Main.execute("reference", "--input", ref1.toString(), "--output", old.toString(), "--valid-from",
                "2026-11-25T00:00:00Z")).isZero();
        assertThat(Main.execute("reference", "--input", ref2.toString(), "--output", neu.toString(), "--valid-from",
                "2026-11-25T06:00:00Z")).isZero();
        for (Path d : List.of(old, neu)) {
            try (var files = Files.list(d)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".snapshot.json")).collect(Collectors.toList())) {
                    Files.copy(f, both.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path cur = Files.createDirectories(dir.resolve("cur"));
        write(cur.resolve("c.jsonl"), T0, 15, 5, 3, false);

        String topic = KAFKA.createTopic("predictions", 1);
        KAFKA.send(topic, StreamTesting.lines(cur));
        Map<String, Map<String, Object>> got = stream("both", topic, both), withOld = stream("old", topic, old),
                withNew = stream("new", topic, neu);
        assertThat(got.keySet()).as("windows ending 06:00, 09:00, 12:00, 15:00, x and model_drift each").hasSize(8);
        Map<String, Map<String, Object>> want = new TreeMap<>();
        for (String k : got.keySet()) {
            long startMs = endNs(k) / 1_000_000L - 6 * 3_600_000L;
            want.put(k, (startMs < T0.toEpochMilli() + 6 * 3_600_000L ? withOld : withNew).get(k));
        }
        StreamTesting.assertSamePoints(got, want, 1e-12);
        // the window [03:00, 09:00) used the 00:00 snapshot, [06:00, 12:00) the 06:00 one
        for (Map.Entry<String, Map<String, Object>> e : got.entrySet()) {
            long startMs = endNs(e.getKey()) / 1_000_000L - 6 * 3_600_000L;
            String expected = startMs < T0.toEpochMilli() + 6 * 3_600_000L ? "m@2026-11-25T00:00:00Z" : "m@2026-11-25T06:00:00Z";
            assertThat(e.getValue().get("reference")).as(e.getKey()).isEqualTo(expected);
        }
    }
}
