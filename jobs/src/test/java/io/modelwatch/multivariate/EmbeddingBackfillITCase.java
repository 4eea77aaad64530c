package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding drift end to end through the CLI against numpy (tools/golden/embedding_backfill_golden.py wrote
 * the input and the expectations): the snapshot's dimension, centroid and spread, and each 6h window's
 * {@code feature_drift} point of kind {@code embedding} (count, missing, invalid, dim, centroid distance and
 * cosine, 1e-9), over vectors of the wrong length, strings, nulls and absent keys; the embedding is no
 * numeric feature of the snapshot. {@code stream --bounded} over the same lines gives the same figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingBackfillITCase {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.modelwatch.testing.KafkaBroker KAFKA = new io.modelwatch.testing.KafkaBroker();

    @TempDir static Path tmp;
    JsonNode expected;
    Path snapshots, out;
    List<Line> points;

    @BeforeAll
    void run() throws Exception {
        Path dir = Paths.get(EmbeddingBackfillITCase.class.getResource("/golden/embedding").toURI());
        expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        snapshots = tmp.resolve("snapshots");
        out = tmp.resolve("out.lp");
        Path input = dir.resolve("predictions.jsonl");
        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--from", "2026-11-24T00:00:00Z",
                "--to", "2026-11-25T00:00:00Z", "--output", snapshots.toString()));
        assertEquals(0, Main.execute("backfill", "--input", input.toString(), "--reference", snapshots.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z", "--window", "6h",
                "--parallelism", "2", "--sink", "file:" + out, "--dead-letter", tmp.resolve("dead.jsonl").toString()));
        points = LineProtocolReader.read(out);
    }

    @Test
    void snapshotHoldsTheEmbeddingReference() throws Exception {
        Snapshot s = SnapshotFiles.readAll(snapshots).get("emb-model");
        assertThat(s.numericIndex("embedding")).isEqualTo(-1);
        EmbeddingReference r = s.multivariate().embedding("embedding");
        JsonNode e = expected.get("reference");
        assertThat(r.dim).isEqualTo(e.get("dim").asInt());
        assertThat(r.count).isEqualTo(e.get("count").asLong());
        assertThat(r.missing).isEqualTo(e.get("missing").asLong());
        assertThat(r.invalid).isEqualTo(e.get("invalid").asLong());
        for (int i = 0; i < r.dim; i++) assertThat(r.centroid(i)).isCloseTo(e.get("centroid").get(i).asDouble(), within(1e-9));
        assertThat(r.spread).isCloseTo(e.get("spread").asDouble(), within(1e-9));
        assertThat(s.multivariate().reconstruction).as("one numeric feature: no PCA").isNull();
    }

    @Test
    void windowFiguresMatchNumpy() {
        checkWindows(out, points);
    }

    @Test
    void streamGivesTheSameFigures() throws Exception {
        String topic = KAFKA.createTopic("embeddings", 1);
        Path dir = Paths.get(EmbeddingBackfillITCase.class.getResource("/golden/embedding").toURI());
        KAFKA.send(topic, java.nio.file.Files.readAllLines(dir.resolve("predictions.jsonl")));
        Path stream = tmp.resolve("stream.lp");
        assertEquals(0, Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--starting-offsets", "earliest", "--bounded", "--reference", snapshots.toString(),
                "--window", "6h", "--slide", "6h", "--parallelism", "1", "--checkpoint-interval", "10m",
                "--restart-attempts", "0", "--sink", "file:" + stream,
                "--dead-letter", tmp.resolve("stream-dead.jsonl").toString()));
        List<Line> day2 = LineProtocolReader.read(stream).stream()
                .filter(p -> p.timestamp / 1_000_000L > expected.get("windows").get(0).get("end_ms").asLong() - 6 * 3_600_000L)
                .collect(Collectors.toList());
        checkWindows(stream, day2);
    }

    private void checkWindows(Path file, List<Line> points) {
        LpLint.assertPasses(file);
        Map<Long, Line> byEnd = points.stream()
                .filter(p -> p.measurement.equals("feature_drift") && "embedding".equals(p.tag("kind")))
                .collect(Collectors.toMap(p -> p.timestamp / 1_000_000L, Function.identity()));
        assertThat(byEnd).hasSize(expected.get("windows").size());
        for (JsonNode w : expected.get("windows")) {
            Line p = byEnd.get(w.get("end_ms").asLong());
            assertThat(p).as("window ending %s", w.get("end_ms")).isNotNull();
            assertThat(p.tag("feature")).isEqualTo("embedding");
            for (String f : List.of("count", "missing", "invalid", "dim")) {
                assertThat(p.number(f)).as(f).isEqualTo(w.get(f).asDouble());
            }
            assertThat(p.number("centroid_distance")).isCloseTo(w.get("centroid_distance").asDouble(), within(1e-9));
            assertThat(p.number("centroid_cosine")).isCloseTo(w.get("centroid_cosine").asDouble(), within(1e-9));
        }
    }

    @Test
    void calibratedReferenceGivesDriftAlertOnTheShiftedWindows() throws Exception {
        // 4h chunks of ~150 vectors (the default 1h chunks hold 25, under --min-count 30: no thresholds above)
        Path dir = Paths.get(EmbeddingBackfillITCase.class.getResource("/golden/embedding").toURI());
        Path input = dir.resolve("predictions.jsonl"), cal = tmp.resolve("snapshots-cal"), calOut = tmp.resolve("cal.lp");
        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--from", "2026-11-24T00:00:00Z",
                "--to", "2026-11-25T00:00:00Z", "--output", cal.toString(), "--chunk", "4h", "--min-count", "20"));
        EmbeddingReference r = SnapshotFiles.readAll(cal).get("emb-model").multivariate().embedding("embedding");
        assertThat(r.chunks).isEqualTo(6);
        assertThat(r.calibrated()).isTrue();
        assertThat(SnapshotFiles.readAll(snapshots).get("emb-model").multivariate().embedding("embedding").calibrated())
                .as("1h chunks of 25 vectors: none counts").isFalse();
        assertEquals(0, Main.execute("backfill", "--input", input.toString(), "--reference", cal.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z", "--window", "6h",
                "--sink", "file:" + calOut, "--dead-letter", tmp.resolve("dead-cal.jsonl").toString()));
        LpLint.assertPasses(calOut);
        long shiftFrom = java.time.Instant.parse("2026-11-25T12:00:00Z").toEpochMilli() * 1_000_000L;
        int seen = 0;
        for (Line p : LineProtocolReader.read(calOut)) {
            if (!p.measurement.equals("feature_drift") || !"embedding".equals(p.tag("kind"))) continue;
            double d = p.number("centroid_distance"), c = p.number("centroid_cosine");
            String by = (d > r.distanceThreshold ? "centroid_distance" : "")
                    + (d > r.distanceThreshold && c > r.cosineThreshold ? "," : "") + (c > r.cosineThreshold ? "centroid_cosine" : "");
            assertThat(p.fields.get("drift_alert")).as("drift_alert at %d", p.timestamp).isEqualTo(!by.isEmpty());
            assertThat(p.fields.get("drift_alert_by")).as("drift_alert_by at %d", p.timestamp).isEqualTo(by);
            // windows ending after 12:00 hold the vectors moved by 0.8 in every dimension
            if (p.timestamp > shiftFrom) assertThat(p.fields.get("drift_alert")).isEqualTo(true);
            seen++;
        }
        assertThat(seen).isEqualTo(4);
    }
}
