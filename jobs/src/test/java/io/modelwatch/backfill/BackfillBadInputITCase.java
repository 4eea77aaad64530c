package io.modelwatch.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never stops a job, and every input line is accounted for (issue 2). The input
 * (jobs/src/test/resources/golden/badio/input, written by tools/golden/backfill_golden.py) holds good lines mixed
 * with truncated JSON, non-objects, missing / bad {@code ts}, a missing / non-string model, wrong value types,
 * NaN / Infinity literals, an empty line, trailing garbage, CRLF line ends and a last line without a newline,
 * a complete {@code .jsonl.gz} and a {@code .jsonl.gz} cut in the middle, and a model without a snapshot.
 *
 * <p>Asserted: the jobs exit 0; {@code pipeline.records_in} = lines read (each line of the files, plus one
 * record for the gzip that ends early); {@code bad_records} = dead-letter lines = the bad lines; the good lines
 * counted per window in {@code model_serving.count} plus the bad ones = records_in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillBadInputITCase {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;

    JsonNode expected;
    Path out, deadLetters, referenceDeadLetters, referenceFromBadInput;
    List<Line> points;

    @BeforeAll
    void runJobs() throws Exception {
        Path dir = BackfillGoldenITCase.resource("/golden/badio");
        expected = JSON.readTree(dir.resolve("expected.json").toFile());
        Path snapshots = tmp.resolve("snapshots");
        assertEquals(0, Main.execute("reference", "--input", dir.resolve("reference").toString(),
                "--output", snapshots.toString()));
        out = tmp.resolve("out/backfill.lp");
        deadLetters = tmp.resolve("out/dead-letters.jsonl");
        assertEquals(0, Main.execute("backfill", "--input", dir.resolve("input").toString(),
                "--reference", snapshots.toString(), "--from", expected.get("from").asText(),
                "--to", expected.get("to").asText(), "--window", "1h", "--ks", "exact", "--parallelism", "2",
                "--sink", "file:" + out, "--dead-letter", deadLetters.toString()), "backfill exit status");
        points = LineProtocolReader.read(out);
        // the reference job on the same bad input must not stop either
        referenceFromBadInput = tmp.resolve("snapshots-from-bad-input");
        referenceDeadLetters = tmp.resolve("reference-dead-letters.jsonl");
        assertEquals(0, Main.execute("reference", "--input", dir.resolve("input").toString(),
                "--output", referenceFromBadInput.toString(), "--dead-letter", referenceDeadLetters.toString()),
                "reference exit status");
    }

    @Test
    void everyLineIsCountedOnceInStatisticsOrInDeadLetters() throws Exception {
        Line pipeline = only("pipeline");
        long recordsIn = (Long) pipeline.fields.get("records_in");
        long bad = (Long) pipeline.fields.get("bad_records");
        long deadLetterLines = lines(deadLetters).size();
        long good = BackfillGoldenITCase.of(points, "model_serving").stream()
                .mapToLong(p -> (Long) p.fields.get("count")).sum();

        assertThat(recordsIn).as("records_in = lines read").isEqualTo(expected.get("records_in").asLong());
        assertThat(bad).as("bad_records").isEqualTo(expected.get("bad_records").asLong());
        assertThat(deadLetterLines).as("dead-letter lines = bad_records").isEqualTo(bad);
        assertThat(good).as("good records in model_serving counts").isEqualTo(expected.get("good_records").asLong());
        assertThat(good + bad).as("good + bad = records_in").isEqualTo(recordsIn);
        assertThat(pipeline.fields.get("points_out")).isEqualTo((long) points.size() - 1);
    }

    @Test
    void goodRecordsLandInTheirModelAndWindow() {
        Map<String, Long> got = new HashMap<>();
        for (Line p : BackfillGoldenITCase.of(points, "model_serving")) {
            got.put(p.tag("model") + "|" + p.timestamp, (Long) p.fields.get("count"));
        }
        Map<String, Long> want = new HashMap<>();
        expected.get("serving_count").fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue().asLong()));
        assertThat(got).isEqualTo(want);
    }

    @Test
    void deadLettersHoldTheBadLinesUnchangedWithAReason() throws Exception {
        List<String> records = new ArrayList<>();
        List<JsonNode> truncated = new ArrayList<>();
        for (String l : lines(deadLetters)) {
            JsonNode d = JSON.readTree(l);
            assertThat(d.get("reason").asText()).as("reason of " + l).isNotBlank();
            if (d.get("reason").asText().contains("ends early")) truncated.add(d);
            else records.add(d.get("record").asText());
        }
        List<String> want = new ArrayList<>();
        expected.get("bad_lines_in_a").forEach(n -> want.add(n.asText()));
        assertThat(records).containsExactlyInAnyOrderElementsOf(want);
        assertThat(truncated).as("one dead letter for the gzip that ends early").hasSize(1);
        assertThat(truncated.get(0).get("line_number").asLong())
                .isEqualTo(expected.get("truncated_complete_lines").asLong() + 1);
    }

    @Test
    void wrongTypesAreInvalidAndNonFiniteNumbersMissing() {
        long xInvalid = 0, xMissing = 0, kindInvalid = 0, kindMissing = 0;
        for (Line p : BackfillGoldenITCase.of(points, "feature_drift")) {
            assertThat(p.tag("model")).as("only the model with a snapshot has drift points").isEqualTo("io");
            if ("x".equals(p.tag("feature"))) {
                xInvalid += (Long) p.fields.get("invalid");
                xMissing += (Long) p.fields.get("missing");
            } else if ("kind".equals(p.tag("feature"))) {
                kindInvalid += (Long) p.fields.get("invalid");
                kindMissing += (Long) p.fields.get("missing");
            }
        }
        // x: "abc" is invalid; NaN and -Infinity are missing. kind: 5 is invalid; one record lacks the key.
        assertThat(new long[] {xInvalid, xMissing, kindInvalid, kindMissing}).containsExactly(1, 2, 1, 1);
    }

    @Test
    void outputPassesLpLint() throws Exception {
        BackfillGoldenITCase.lpLint(out);
    }

    @Test
    void referenceJobOnBadInputSucceedsAndCountsTheSame() throws Exception {
        assertThat(lines(referenceDeadLetters)).hasSize(expected.get("bad_records").asInt());
        Map<String, Snapshot> s = SnapshotFiles.readAll(referenceFromBadInput);
        assertThat(s.get("io").records).isEqualTo(expected.get("reference_records_io").asLong());
        assertThat(s.get("io").records + s.get("nosnap").records).isEqualTo(expected.get("good_records").asLong());
    }

    private Line only(String measurement) {
        List<Line> l = BackfillGoldenITCase.of(points, measurement);
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    private static List<String> lines(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isEmpty()) out.add(l);
        return out;
    }
}
