package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reference} end to end (contract 2b): the second pass cuts the range into 1h chunks, computes each chunk's
 * statistics against the finished snapshot and keeps mean + 3 std; the snapshot is named by model and valid_from
 * and a second run with another valid_from writes a second file. The oracle is numpy/scipy on the same chunks
 * (tools/golden/calibration_golden.py, the data of common's DriftThresholdsGoldenTest): psi, mean_shift, std_shift
 * and chi2_per_count to 1e-9; grid-mode ks_stat within 4 (1/G + 1/n_ref) of the exact one (each chunk's D is within
 * 1/G + 1/n_ref, so mean + 3 std within four times that) and wasserstein within 2 % (grid interpolation).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceCalibrationITCase {
    static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
    @TempDir static Path tmp;
    JsonNode golden;
    Path input, out;

    static String line(long i) {
        long h = i / 100;
        double x = ((i * 7919) % 1009) / 100.0 + h * 0.05;
        boolean yPresent = !(h == 5 && i % 10 != 0);
        String c = (i * 7) % 10 < 3 + h % 3 ? "a" : (i % 3 == 0 ? "b" : "c");
        return "{\"ts\":" + (T0 + i * 36_000) + ",\"model\":\"m\",\"features\":{\"x\":" + x + ",\"y\":"
                + (yPresent ? Double.toString((double) ((i * 31337) % 997)) : "null") + ",\"c\":\"" + c + "\"}}\n";
    }

    @BeforeAll
    void runReference() throws Exception {
        golden = new ObjectMapper().readTree(Path.of("..", "common", "src", "test", "resources", "reference",
                "calibration_golden.json").toFile());
        input = tmp.resolve("ref.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(input)) {
            for (long i = 0; i < golden.get("n").asLong(); i++) w.write(line(i));
        }
        out = tmp.resolve("snapshots");
        assertThat(Main.execute("reference", "--input", input.toString(), "--output", out.toString(),
                "--from", "2026-11-24", "--to", "2026-11-25", "--parallelism", "2")).isZero();
    }

    @Test
    void theSnapshotIsValidFromTheEndOfItsRangeAndHoldsThresholdsEqualToNumpysOnTheSameChunks() throws Exception {
        Path file = out.resolve("m@20261125T000000Z.snapshot.json");
        assertThat(file).exists();
        Snapshot s = SnapshotFiles.read(file);
        assertThat(s.validFromMillis()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli());
        assertThat(s.thresholds().chunkMillis).isEqualTo(3_600_000L);
        double ksBound = 4 * (1.0 / s.grid + 1.0 / s.numeric(s.numericIndex("x")).count);
        for (String name : List.of("x", "y", "c")) {
            JsonNode g = golden.get("features").get(name);
            DriftThresholds.Feature t = s.thresholds().feature(name);
            assertThat(t).as(name).isNotNull();
            assertThat(t.chunks).as(name + " chunks with >= 30 values").isEqualTo(g.get("chunks").asInt());
            for (int k = 0; k < t.threshold.length; k++) {
                String stat = t.statistics().get(k);
                double want = g.get("threshold").get(k).asDouble();
                double tol = stat.equals("ks_stat") ? ksBound : stat.equals("wasserstein") ? 0.02 * want : 1e-9;
                assertThat(t.threshold[k]).as(name + " " + stat).isCloseTo(want, within(tol));
            }
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging")).collect(Collectors.toList()))
                    .as("the staging folder is gone").isEmpty();
        }
    }

    @Test
    void anotherValidFromIsAnotherFileAndNeitherIsOverwritten() throws Exception {
        Path again = tmp.resolve("two");
        for (String validFrom : List.of("2026-11-25", "2026-11-26T06:00:00Z")) {
            assertThat(Main.execute("reference", "--input", input.toString(), "--output", again.toString(),
                    "--valid-from", validFrom, "--parallelism", "1")).isZero();
        }
        SnapshotSet set = SnapshotFiles.readSet(again, false);
        assertThat(set.series("m", null)).extracting(Snapshot::referenceName)
                .containsExactly("m@2026-11-25T00:00:00Z", "m@2026-11-26T06:00:00Z");
        assertThat(again.resolve("m@20261126T060000Z.snapshot.json")).exists();
    }

    /**
     * The calibration pass is skipped where no snapshot has MIN_CHUNKS x --min-count records (it could give no feature
     * thresholds); exactly at that count it must still run: 4 hourly chunks of 5 records give x thresholds from 4
     * chunks (two jobs submitted), and without the last record (19 < 20) there are none, and only the first job runs.
     */
    @Test
    void fourChunksOfMinCountRecordsGetThresholdsAndOneRecordFewerGetsNone() throws Exception {
        for (int records : new int[] {20, 19}) {
            Path in = tmp.resolve("edge-" + records + ".jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(in)) {
                for (int i = 0; i < records; i++) {
                    long ts = T0 + (i / 5) * 3_600_000L + (i % 5) * 60_000L;
                    w.write("{\"ts\":" + ts + ",\"model\":\"m\",\"features\":{\"x\":" + ((i * 37) % 11) / 4.0 + "}}\n");
                }
            }
            Path snapshots = tmp.resolve("edge-" + records);
            List<String> jobs = new java.util.ArrayList<>();
            ReferenceJob.run(ReferenceConfig.builder().inputs(List.of(in)).output(snapshots)
                    .fromMillis(T0).toMillis(T0 + 86_400_000L).minCount(5).parallelism(1)
                    .deadLetter(tmp.resolve("edge-" + records + "-dead.jsonl")).build(), new JobListener() {
                        @Override public void onJobSubmitted(JobClient client, Throwable failure) {
                            jobs.add(client == null ? "failed" : "submitted");
                        }
                        @Override public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
                    });
            assertThat(jobs).as("jobs of the reference over %d records", records)
                    .hasSize(records == 20 ? 2 : 1).containsOnly("submitted");
            Snapshot s = SnapshotFiles.readAll(snapshots).get("m");
            assertThat(s.records).isEqualTo(records);
            DriftThresholds.Feature x = s.thresholds().feature("x");
            if (records == 20) {
                assertThat(x).as("thresholds of x from 4 chunks of 5").isNotNull();
                assertThat(x.chunks).isEqualTo(4);
            } else {
                assertThat(x).as("thresholds of x from 3 chunks").isNull();
            }
        }
    }
}
