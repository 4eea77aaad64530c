package io.modelwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.io.Timestamps;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same predictions and labels as files through {@code backfill --labels} and as two Kafka topics through
 * {@code stream --bounded --labels-topic} (window == slide) give the same {@code final=true} model_performance
 * points: one join ({@link JoinRules}), one accumulator, two jobs. Generated logs with concept drift, labels
 * with an exponential delay (some past --label-delay: late or orphan), a label for an unknown request and a
 * label twice; the labels on both sides stop at --to.
 */
class StreamBackfillPerformanceITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void streamOverTwoTopicsEqualsBackfillOverTheFiles() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), gen = dir.resolve("gen-labels"), snaps = dir.resolve("snapshots");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a,model-b",
                "--features", "3", "--categorical", "0", "--events", "600",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T06:00:00Z", "--seed", "1")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", snaps.toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-b",
                "--features", "3", "--categorical", "0", "--events", "1200", "--labels", gen.toString(),
                "--label-delay-mean", "20m", "--concept-drift-from", "2026-11-25T01:30:00Z",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--seed", "2")).isZero();
        long to = Timestamps.parseIsoMillis("2026-11-25T03:00:00Z");

        List<String> labels = new ArrayList<>();
        for (String l : Files.readAllLines(gen.resolve("labels-000.jsonl"))) {
            if (Timestamps.parseIsoMillis(JSON.readTree(l).get("ts").asText()) < to) labels.add(l);
        }
        // a label twice: one that joined (under 10 minutes after its prediction; the generator's times are fixed)
        long from = Timestamps.parseIsoMillis("2026-11-25T00:00:00Z");
        String first = labels.stream().filter(l -> {
            long event = Long.parseLong(l.replaceAll(".*\"request_id\":\"r(\\d+)\".*", "$1"));
            long predicted = from + (long) ((event + 0.5) * (to - from) / 1200.0);
            return ts(l) - predicted < 600_000;
        }).findFirst().orElseThrow();
        labels.add(first.replace("\"label\":", "\"note\":\"again\",\"label\":"));
        labels.add("{\"ts\":\"2026-11-25T01:00:00.000Z\",\"model\":\"model-a\",\"request_id\":\"nobody\",\"label\":1}");
        labels.sort(Comparator.comparingLong(l -> ts(l)));
        Path labelDir = Files.createDirectories(dir.resolve("labels"));
        Files.write(labelDir.resolve("labels.jsonl"), labels);

        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", cur.toString(), "--reference", snaps.toString(),
                "--labels", labelDir.toString(), "--label-delay", "30m",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T03:00:00Z", "--window", "1h",
                "--parallelism", "1", "--sink", "file:" + backfill,
                "--dead-letter", dir.resolve("backfill-dead.jsonl").toString())).isZero();

        String predictions = KAFKA.createTopic("predictions", 1), labelTopic = KAFKA.createTopic("labels", 1);
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(cur)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) lines.addAll(Files.readAllLines(f));
        }
        KAFKA.send(predictions, lines);
        KAFKA.send(labelTopic, labels);
        Path stream = dir.resolve("stream.lp");
        assertThat(Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", predictions,
                "--labels-topic", labelTopic, "--label-delay", "30m",
                "--starting-offsets", "earliest", "--bounded", "--reference", snaps.toString(),
                "--window", "1h", "--slide", "1h", "--parallelism", "1", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--sink", "file:" + stream,
                "--dead-letter", dir.resolve("stream-dead.jsonl").toString())).isZero();

        Map<String, Map<String, Object>> b = finalPoints(backfill), s = finalPoints(stream);
        assertThat(b).hasSize(2 * 3);
        long late = 0, orphan = 0, duplicate = 0;
        for (Map<String, Object> f : b.values()) {
            late += (Long) f.get("late_labels");
            orphan += (Long) f.get("orphan_labels");
            duplicate += (Long) f.get("duplicate_labels");
            assertThat(f).containsKeys("accuracy", "auc", "label_delay_p99");
        }
        assertThat(duplicate).isEqualTo(1);
        assertThat(orphan).isGreaterThanOrEqualTo(1);
        assertThat(late).as("labels more than 30m after their prediction, before the window is final").isPositive();
        assertThat(s.keySet()).containsExactlyElementsOf(b.keySet());
        for (Map.Entry<String, Map<String, Object>> e : b.entrySet()) {
            Map<String, Object> got = s.get(e.getKey());
            assertThat(got.keySet()).as(e.getKey()).isEqualTo(e.getValue().keySet());
            for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
                Object want = f.getValue(), have = got.get(f.getKey());
                if (want instanceof Double) {
                    // sums of a window's values in another order (panes merged at watermarks) move the last bits
                    assertThat(Math.abs((Double) have - (Double) want)).as(e.getKey() + " " + f.getKey())
                            .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs((Double) want)));
                } else {
                    assertThat(have).as(e.getKey() + " " + f.getKey()).isEqualTo(want);
                }
            }
        }
        long labelsInBackfill = (long) lastPipeline(backfill).number("labels_in");
        long labelsInStream = (long) lastPipeline(stream).number("labels_in");
        assertThat(labelsInBackfill).isEqualTo(labels.size());
        assertThat(labelsInStream).isEqualTo(labels.size());
        assertThat(Files.readAllLines(dir.resolve("stream-dead.jsonl")))
                .filteredOn(l -> l.contains("_label\"")).hasSize((int) (late + orphan + duplicate));
    }

    private static long ts(String line) {
        try {
            return Timestamps.parseIsoMillis(JSON.readTree(line).get("ts").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Map<String, Object>> finalPoints(Path file) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Line l : LineProtocolReader.read(file)) {
            if (l.measurement.equals("model_performance") && Boolean.TRUE.equals(l.fields.get("final"))) {
                assertThat(out.put(l.tags + " @" + l.timestamp, l.fields)).as("one final point per window").isNull();
            }
        }
        return out;
    }

    private static Line lastPipeline(Path file) {
        Line last = null;
        for (Line l : LineProtocolReader.read(file)) if (l.measurement.equals("pipeline")) last = l;
        assertThat(last).isNotNull();
        return last;
    }
}
