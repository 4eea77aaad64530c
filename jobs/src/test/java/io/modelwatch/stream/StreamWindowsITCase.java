package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sliding windows (10m every 5m) over hand-made records on one partition, max out-of-orderness 30s:
 * <pre>
 *  pane A [10:00,10:05): 40 records, x = 0..39, plus one at 10:04:55 (x = 1000) read after 10:05:20: out of
 *                        order but within 30s, so in pane A
 *  pane B [10:05,10:10): 40 records, x = 100..139; after them one at 10:04:30 (x = 2000): pane A closed when the
 *                        watermark passed 10:05 (at the record of 10:05:35), so it is late
 *  a poison line, "this is not json"
 *  pane C [10:10,10:15): 40 records, x = 200..239
 * </pre>
 * Windows ending 10:05 = A, 10:10 = A+B, 10:15 = B+C, 10:20 = C. The windows ending 10:10 and 10:20 are the
 * backfill's 10m windows of the same records (late and poison left out): same figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamWindowsITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir static Path dir;
    Path snapshots;
    String topic;
    final List<String> accepted = new ArrayList<>();

    static String record(Instant ts, double x) {
        return "{\"ts\":\"" + ts + "\",\"model\":\"m\",\"latency_ms\":" + (10 + x % 7) + ",\"features\":{\"x\":" + x + "}}";
    }

    @BeforeAll
    void setUp() throws Exception {
        Path refDir = Files.createDirectories(dir.resolve("ref"));
        List<String> ref = new ArrayList<>();
        Instant r0 = Instant.parse("2026-11-24T00:00:00Z");
        for (int i = 0; i < 300; i++) ref.add(record(r0.plusSeconds(i), i % 100));
        Files.write(refDir.resolve("ref.jsonl"), ref);
        snapshots = dir.resolve("snapshots");
        assertThat(Main.execute("reference", "--input", refDir.toString(), "--output", snapshots.toString())).isZero();

        List<String> in = new ArrayList<>();
        for (int k = 0; k < 40; k++) in.add(record(T0.plusSeconds(5L * k), k));
        for (int k = 0; k < 40; k++) {
            in.add(record(T0.plusSeconds(300 + 5L * k), 100 + k));
            if (k == 4) in.add(record(T0.plusSeconds(295), 1000)); // out of order, within 30s
        }
        accepted.addAll(in);
        in.add(record(T0.plusSeconds(270), 2000)); // late
        in.add("this is not json");
        for (int k = 0; k < 40; k++) {
            String r = record(T0.plusSeconds(600 + 5L * k), 200 + k);
            in.add(r);
            accepted.add(r);
        }
        topic = KAFKA.createTopic("windows", 1);
        KAFKA.send(topic, in);
    }

    Path runStream(String name, String deadLetterTopic, String lateness, String stateBackend) {
        Path out = dir.resolve(name + ".lp");
        int rc = Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--group-id", name, "--starting-offsets", "earliest", "--bounded", "--reference", snapshots.toString(),
                "--window", "10m", "--slide", "5m", "--max-out-of-orderness", "30s", "--allowed-lateness", lateness,
                "--parallelism", "1", "--checkpoint-interval", "1s", "--restart-attempts", "0", "--state-backend", stateBackend,
                "--dead-letter-topic", deadLetterTopic, "--sink", "file:" + out);
        assertThat(rc).isZero();
        return out;
    }

    /** window end (minutes after 10:00) -> the last point written for it. */
    static Map<Long, Line> byEnd(Path file, String measurement, String feature) {
        Map<Long, Line> out = new TreeMap<>();
        for (Line l : LineProtocolReader.read(file)) {
            if (!l.measurement.equals(measurement) || feature != null && !feature.equals(l.tag("feature"))) continue;
            out.put((l.timestamp / 1_000_000L - T0.toEpochMilli()) / 60_000L, l);
        }
        return out;
    }

    @Test
    void slidingWindowsOutOfOrderLateAndPoison() throws Exception {
        String dlt = KAFKA.createTopic("dead-letters", 1);
        Path out = runStream("strict", dlt, "0", "hashmap");

        Map<Long, Line> serving = byEnd(out, "model_serving", null);
        assertThat(serving.keySet()).containsExactly(5L, 10L, 15L, 20L);
        assertThat(serving.values().stream().map(l -> l.tag("window")).distinct()).containsExactly("10m");
        assertThat(serving.get(5L).number("count")).isEqualTo(41);
        assertThat(serving.get(10L).number("count")).isEqualTo(81);
        assertThat(serving.get(15L).number("count")).isEqualTo(80);
        assertThat(serving.get(20L).number("count")).isEqualTo(40);
        assertThat(serving.get(10L).number("qps")).isCloseTo(81 / 600.0, within(1e-12));

        Map<Long, Line> x = byEnd(out, "feature_drift", "x");
        assertThat(x.get(5L).number("count")).isEqualTo(41);
        assertThat(x.get(10L).number("count")).isEqualTo(81);
        assertThat(x.get(10L).number("mean")).isCloseTo((780 + 1000 + 4780) / 81.0, within(1e-9));
        assertThat(x.get(15L).number("mean")).isCloseTo((4780 + 8780) / 80.0, within(1e-9));
        assertThat(x.get(20L).number("mean")).isCloseTo(8780 / 40.0, within(1e-9));

        List<String> dead = KAFKA.read(dlt, 2, Duration.ofSeconds(20));
        assertThat(dead).hasSize(2);
        assertThat(dead).anyMatch(d -> d.contains("\"reason\":\"late:") && d.contains("2026-11-25T10:04:30Z")
                && d.contains("\"source\":\"" + topic + "-0\""));
        assertThat(dead).anyMatch(d -> d.contains("malformed JSON") && d.contains("\"record\":\"this is not json\""));

        // The tumbling 10m windows of the backfill over the accepted records are the sliding windows ending 10:10 and 10:20.
        Path in = Files.createDirectories(dir.resolve("accepted"));
        Files.write(in.resolve("accepted.jsonl"), accepted);
        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", in.toString(), "--reference", snapshots.toString(),
                "--from", "2026-11-25T10:00:00Z", "--to", "2026-11-25T10:20:00Z", "--window", "10m",
                "--parallelism", "1", "--sink", "file:" + backfill)).isZero();
        Map<String, Map<String, Object>> b = StreamTesting.points(backfill, StreamTesting.FIGURES);
        Map<String, Map<String, Object>> s = StreamTesting.points(out, StreamTesting.FIGURES);
        s.keySet().retainAll(b.keySet());
        assertThat(b).isNotEmpty();
        StreamTesting.assertSamePoints(s, b, 1e-9);
    }

    @Test
    /** On the RocksDB state backend, so the pane state's serializers and copies are exercised too. */
    void withinAllowedLatenessTheWindowsAreEmittedAgain() throws Exception {
        String dlt = KAFKA.createTopic("dead-letters-lenient", 1);
        Path out = runStream("lenient", dlt, "5m", "rocksdb");
        Map<Long, Line> serving = byEnd(out, "model_serving", null);
        assertThat(serving.get(5L).number("count")).isEqualTo(42);
        assertThat(serving.get(10L).number("count")).isEqualTo(82);
        assertThat(serving.get(15L).number("count")).isEqualTo(80);
        List<Line> firstWindow = LineProtocolReader.read(out).stream()
                .filter(l -> l.measurement.equals("model_serving") && l.timestamp / 1_000_000L == T0.plusSeconds(300).toEpochMilli())
                .collect(Collectors.toList());
        assertThat(firstWindow).extracting(l -> l.number("count")).containsExactly(41.0, 42.0);
        List<String> dead = KAFKA.read(dlt, 2, Duration.ofSeconds(5));
        assertThat(dead).hasSize(1).allMatch(d -> d.contains("malformed JSON"));
    }
}
