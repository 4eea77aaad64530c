package io.modelwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reference --labels} then {@code backfill --labels} on the embedded MiniCluster, on the logs and labels
 * tools/golden/performance_backfill_golden.py wrote, against the figures it computed with sklearn.metrics
 * (jobs/src/test/resources/golden/performance/expected.json): a binary, a multiclass and a regression model,
 * ties, a window below --min-count, predictions without a request_id, a label for an unknown request, a label
 * twice, two labels at the same time, a label after the delay, one after the window was final, one before its
 * prediction, one past --to, one before --from, a bad label line. AUC within 1e-3, the rest 1e-9.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillPerformanceITCase {

    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path tmp;

    JsonNode expected;
    List<Line> lines;
    List<String> deadLetters;
    Snapshot fraud;

    @BeforeAll
    void runJobs() throws Exception {
        Path dir = Paths.get(BackfillPerformanceITCase.class.getResource("/golden/performance").toURI());
        expected = JSON.readTree(dir.resolve("expected.json").toFile());
        Path snapshots = tmp.resolve("snapshots");
        long from = java.time.Instant.parse(expected.get("from").asText()).toEpochMilli() - 6 * 3_600_000L;
        assertThat(Main.execute("reference", "--input", dir.resolve("reference").toString(),
                "--labels", dir.resolve("reference-labels").toString(), "--label-delay", "1h",
                "--from", java.time.Instant.ofEpochMilli(from).toString(), "--to", expected.get("from").asText(),
                "--output", snapshots.toString())).isZero();
        fraud = SnapshotFiles.readAll(snapshots).get("fraud");
        Path out = tmp.resolve("out.lp");
        Path dl = tmp.resolve("dead.jsonl");
        assertThat(Main.execute("backfill", "--input", dir.resolve("current").toString(),
                "--reference", snapshots.toString(), "--labels", dir.resolve("labels").toString(),
                "--label-delay", expected.get("label_delay").asText(),
                "--from", expected.get("from").asText(), "--to", expected.get("to").asText(),
                "--window", expected.get("window").asText(), "--min-count", expected.get("min_count").asText(),
                "--parallelism", "2", "--sink", "file:" + out, "--dead-letter", dl.toString())).isZero();
        lines = LineProtocolReader.read(out);
        deadLetters = Files.readAllLines(dl);
        LpLint.assertPasses(out);
    }

    @Test
    void referenceLearnsTheCalibrationMapOfTheBinaryModelOnly() throws Exception {
        assertThat(fraud.calibration).isNotNull();
        assertThat(fraud.calibration.counts()).containsExactly(longs(expected.get("calibration").get("counts")));
        assertThat(fraud.calibration.positives()).containsExactly(longs(expected.get("calibration").get("positives")));
        Map<String, Snapshot> all = SnapshotFiles.readAll(tmp.resolve("snapshots"));
        assertThat(all.get("intent").calibration).isNull();
        assertThat(all.get("price").calibration).isNull();
    }

    @Test
    void everyWindowOfEveryModelMatchesSklearn() {
        Map<String, Line> got = new HashMap<>();
        for (Line l : lines) {
            if (l.measurement.equals("model_performance")) got.put(l.tag("model") + "@" + l.timestamp / 1_000_000, l);
        }
        assertThat(got).hasSize(expected.get("points").size());
        for (JsonNode e : expected.get("points")) {
            String key = e.get("model").asText() + "@" + e.get("window_end_ms").asLong();
            Line l = got.get(key);
            assertThat(l).as("point %s", key).isNotNull();
            assertThat(l.tag("window")).isEqualTo("1h");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                if (name.equals("model") || name.equals("window_end_ms")) continue;
                String what = key + " " + name;
                if (f.getValue().isNull()) {
                    assertThat(l.has(name)).as(what + " absent").isFalse();
                } else if (f.getValue().isBoolean()) {
                    assertThat(l.fields.get(name)).as(what).isEqualTo(f.getValue().asBoolean());
                } else {
                    assertThat(l.has(name)).as(what + " present in %s", l).isTrue();
                    double want = f.getValue().asDouble(), have = l.number(name);
                    double tol = name.equals("auc") ? 1e-3 : Math.max(1e-9 * Math.abs(want), 1e-12);
                    assertThat(Math.abs(have - want)).as("%s: %s vs %s", what, have, want).isLessThanOrEqualTo(tol);
                }
            }
        }
    }

    @Test
    void theCountsAddUpAndEveryRefusedLabelIsADeadLetterWithItsReason() {
        Line pipeline = lines.stream().filter(l -> l.measurement.equals("pipeline")).findFirst().orElseThrow();
        long labelsIn = (long) pipeline.number("labels_in");
        assertThat(labelsIn).isEqualTo(expected.get("labels_in").asLong());
        long predictions = 0, labelled = 0, orphan = 0, late = 0, duplicate = 0;
        for (Line l : lines) {
            if (!l.measurement.equals("model_performance")) continue;
            predictions += (long) l.number("predictions");
            labelled += (long) l.number("labelled");
            orphan += (long) l.number("orphan_labels");
            late += (long) l.number("late_labels");
            duplicate += (long) l.number("duplicate_labels");
        }
        assertThat(predictions).isEqualTo(expected.get("predictions").asLong());
        assertThat(labelled).isEqualTo(expected.get("joined").asLong());
        assertThat(labelled + orphan + late + duplicate).isEqualTo(labelsIn);
        Map<String, Long> reasons = deadLetters.stream()
                .map(BackfillPerformanceITCase::reason)
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("dead_letter_reasons").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            assertThat(reasons.getOrDefault(r.getKey(), 0L)).as(r.getKey()).isEqualTo(r.getValue().asLong());
        }
        assertThat(orphan).isEqualTo(expected.get("dead_letter_reasons").get("orphan_label").asLong());
        assertThat(reasons.keySet().stream().filter(r -> r.startsWith("label: ")).count()).isEqualTo(1);
        assertThat(deadLetters).anyMatch(d -> d.contains("nobody-asked") && d.contains("orphan_label"));
    }

    private static String reason(String deadLetter) {
        try {
            return JSON.readTree(deadLetter).get("reason").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asLong();
        return out;
    }
}
