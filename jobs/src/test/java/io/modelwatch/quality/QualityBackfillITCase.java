package io.modelwatch.quality;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The input checks through the whole backfill (issue 16): a reference with x in [0, 100] (so [-10, 110] with the
 * margin) and country in {de, fr, it}, never missing; then two hours of records of which the test itself knows
 * each one's problems (the oracle), plus bad lines. Asserted: every record is in exactly one of normal, anomalous
 * or bad; input_quality per window has the oracle's counts; feature_drift carries the same out_of_range and unseen
 * per feature; the points pass the project's line-protocol lint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QualityBackfillITCase {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir static Path dir;

    /** Per window end (ms): the oracle's counts, keyed as the input_quality fields. */
    final Map<Long, Map<String, Long>> expected = new HashMap<>();
    long badLines;
    List<Line> points;
    Path out;

    @BeforeAll
    void run() throws Exception {
        List<String> ref = new ArrayList<>();
        String[] countries = {"de", "fr", "it"};
        for (int i = 0; i <= 400; i++) {
            ref.add("{\"ts\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"features\":{\"x\":" + (i / 4.0)
                    + ",\"country\":\"" + countries[i % 3] + "\"}}");
        }
        Files.write(dir.resolve("ref.jsonl"), ref, StandardCharsets.UTF_8);

        List<String> in = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Instant ts = T0.plusSeconds(12L * i);
            long end = (ts.toEpochMilli() / 3_600_000L + 1) * 3_600_000L;
            Map<String, Long> e = expected.computeIfAbsent(end, k -> new HashMap<>());
            String x = "50", country = "\"fr\"";
            int problems = 0;
            switch (i % 10) {
                case 0 -> x = "110"; // exactly max + m: normal
                case 1 -> { x = "110.5"; problems++; e.merge("out_of_range", 1L, Long::sum); }
                case 2 -> { country = "\"DE\""; problems++; e.merge("unseen", 1L, Long::sum); }
                case 3 -> { x = "null"; problems++; e.merge("missing_required", 1L, Long::sum); }
                case 4 -> { x = null; problems++; e.merge("missing_required", 1L, Long::sum); }
                case 5 -> { x = "\"12\""; problems++; e.merge("invalid", 1L, Long::sum); }
                case 6 -> {
                    x = "-20";
                    country = "\"xx\"";
                    problems += 2;
                    e.merge("out_of_range", 1L, Long::sum);
                    e.merge("unseen", 1L, Long::sum);
                }
                default -> { }
            }
            e.merge("records", 1L, Long::sum);
            if (problems > 0) e.merge("anomalous_records", 1L, Long::sum);
            in.add("{\"ts\":\"" + ts + "\",\"model\":\"m\",\"request_id\":\"q" + i + "\",\"features\":{"
                    + (x == null ? "" : "\"x\":" + x + ",") + "\"country\":" + country + "}}");
            if (i % 97 == 0) {
                in.add("{\"ts\":\"" + ts + "\",\"features\":{}}"); // no model: bad
                badLines++;
            }
        }
        Files.write(dir.resolve("in.jsonl"), in, StandardCharsets.UTF_8);

        Path snapshots = dir.resolve("snapshots");
        assertEquals(0, Main.execute("reference", "--input", dir.resolve("ref.jsonl").toString(), "--output",
                snapshots.toString()));
        out = dir.resolve("out/backfill.lp");
        backfill(snapshots, dir.resolve("out"), 2);
        points = LineProtocolReader.read(out);
        backfill(snapshots, dir.resolve("rerun"), 2);
        backfill(snapshots, dir.resolve("one-slot"), 1);
    }

    static final int LIMIT = 20;

    private void backfill(Path snapshots, Path to, int parallelism) throws Exception {
        Files.createDirectories(to.resolve("anomalies"));
        assertEquals(0, Main.execute("backfill", "--input", dir.resolve("in.jsonl").toString(), "--reference",
                snapshots.toString(), "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z", "--window", "1h",
                "--parallelism", String.valueOf(parallelism), "--sink", "file:" + to.resolve("backfill.lp"),
                "--dead-letter", to.resolve("dl.jsonl").toString(), "--anomalies", to.resolve("anomalies").toString(),
                "--anomaly-limit", String.valueOf(LIMIT)));
    }

    @Test
    void theFirstAnomalousRecordsOfEachWindowWithTheirReasons() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("out/anomalies/anomalies.jsonl"))) records.add(json.readTree(l));
        // the oracle: record i is anomalous when i % 10 is 1..6; each window holds 300 records, 12 s apart
        List<String> expected = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int taken = 0;
            for (int i = 300 * w; i < 300 * (w + 1) && taken < LIMIT; i++) {
                if (i % 10 >= 1 && i % 10 <= 6) {
                    expected.add("q" + i);
                    taken++;
                }
            }
        }
        assertThat(records.stream().map(r -> r.get("request_id").asText()).toList()).isEqualTo(expected);
        for (com.fasterxml.jackson.databind.JsonNode r : records) {
            int i = Integer.parseInt(r.get("request_id").asText().substring(1));
            assertThat(r.get("ts").asText()).isEqualTo(T0.plusSeconds(12L * i).toString());
            assertThat(r.get("model").asText()).isEqualTo("m");
            assertThat(r.get("record").get("request_id").asText()).isEqualTo("q" + i);
            assertThat(r.get("source").asText()).endsWith("in.jsonl");
            String reasons = r.get("reasons").toString();
            switch (i % 10) {
                case 1 -> assertThat(reasons).isEqualTo("[{\"feature\":\"x\",\"reason\":\"out_of_range\",\"value\":110.5}]");
                case 2 -> assertThat(reasons).isEqualTo("[{\"feature\":\"country\",\"reason\":\"unseen\",\"value\":\"DE\"}]");
                case 3, 4 -> assertThat(reasons).isEqualTo("[{\"feature\":\"x\",\"reason\":\"missing_required\",\"value\":null}]");
                case 5 -> assertThat(reasons).isEqualTo("[{\"feature\":\"x\",\"reason\":\"invalid\",\"value\":\"12\"}]");
                case 6 -> assertThat(reasons).isEqualTo("[{\"feature\":\"x\",\"reason\":\"out_of_range\",\"value\":-20},"
                        + "{\"feature\":\"country\",\"reason\":\"unseen\",\"value\":\"xx\"}]");
                default -> throw new AssertionError("not anomalous: " + r);
            }
            if (i % 10 == 4) assertThat(r.get("record").get("features").has("x")).isFalse();
            if (i % 10 == 3) assertThat(r.get("record").get("features").get("x").isNull()).isTrue();
        }
    }

    @Test
    void aRerunWritesTheSameAnomalyRecords() throws Exception {
        byte[] first = Files.readAllBytes(dir.resolve("out/anomalies/anomalies.jsonl"));
        assertThat(first.length).isGreaterThan(1000);
        assertThat(Files.readAllBytes(dir.resolve("rerun/anomalies/anomalies.jsonl"))).isEqualTo(first);
        // and with one slot instead of two: the order does not depend on how the input was split
        assertThat(Files.readAllBytes(dir.resolve("one-slot/anomalies/anomalies.jsonl"))).isEqualTo(first);
    }

    private List<Line> of(String measurement) {
        return points.stream().filter(p -> p.measurement.equals(measurement)).toList();
    }

    @Test
    void everyRecordIsNormalAnomalousOrBadExactlyOnce() {
        Line pipeline = of("pipeline").get(0);
        long recordsIn = (long) pipeline.number("records_in"), bad = (long) pipeline.number("bad_records");
        long checked = 0, anomalous = 0;
        for (Line q : of("input_quality")) {
            checked += (long) q.number("records");
            anomalous += (long) q.number("anomalous_records");
        }
        long normal = checked - anomalous;
        assertThat(bad).isEqualTo(badLines);
        assertThat(normal).as("normal records").isEqualTo(600 - 360);
        assertThat(anomalous).as("anomalous records").isEqualTo(360);
        assertThat(normal + anomalous + bad).as("normal + anomalous + bad = records_in").isEqualTo(recordsIn);
    }

    @Test
    void inputQualityHasTheOraclesCountsPerWindow() {
        List<Line> quality = of("input_quality");
        assertThat(quality).hasSize(2);
        for (Line q : quality) {
            Map<String, Long> e = expected.get(q.timestamp / 1_000_000L);
            assertThat(e).as("a window the oracle knows: " + q).isNotNull();
            assertThat(q.tags).containsEntry("model", "m").containsEntry("window", "1h");
            for (String f : List.of("records", "anomalous_records", "out_of_range", "unseen", "missing_required", "invalid")) {
                assertThat((long) q.number(f)).as(f + " of " + q).isEqualTo(e.getOrDefault(f, 0L));
            }
            assertThat((long) q.number("multivariate_outliers")).isZero();
            assertThat(q.number("anomalous_rate")).isEqualTo((double) e.get("anomalous_records") / e.get("records"));
        }
    }

    @Test
    void featureDriftCarriesTheSameCountsPerFeature() {
        for (Line q : of("input_quality")) {
            long oor = 0, unseen = 0;
            for (Line f : of("feature_drift")) {
                if (!f.timestamp.equals(q.timestamp)) continue;
                if (f.tag("feature").equals("x")) {
                    assertThat(f.has("unseen")).isFalse();
                    oor += (long) f.number("out_of_range");
                } else if (f.tag("feature").equals("country")) {
                    assertThat(f.has("out_of_range")).isFalse();
                    unseen += (long) f.number("unseen");
                } else {
                    assertThat(f.has("out_of_range") || f.has("unseen")).as("a __ column has neither: " + f).isFalse();
                }
            }
            assertThat(oor).isEqualTo((long) q.number("out_of_range"));
            assertThat(unseen).isEqualTo((long) q.number("unseen"));
        }
    }

    @Test
    void thePointsPassTheLineProtocolLint() {
        LpLint.assertPasses(out);
    }
}
