package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelwatch.cli.Main;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the CLI: {@code generate --correlation-flip-from} (num_000 and num_001 correlated +0.9,
 * then -0.9, marginals unchanged), {@code reference} over the first day, {@code backfill} over the second in
 * 6h windows. The flipped pair shows no univariate drift (drift_alert false, drift_level low, psi below 0.1) in
 * any window, while
 * {@code multivariate_drift.drifted} is false before the flip and true after it. The windows' records and mean
 * errors are checked against the snapshot's PCA applied to the input lines one by one (the unit test checks
 * that PCA against numpy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultivariateBackfillITCase {
    static final Instant FLIP = Instant.parse("2026-11-25T12:00:00Z");
    static final long WINDOW = 6 * 3_600_000L;

    @TempDir static Path tmp;
    List<Line> points;
    Path input, snapshots, out;

    @BeforeAll
    void run() throws Exception {
        input = tmp.resolve("logs");
        snapshots = tmp.resolve("snapshots");
        out = tmp.resolve("out.lp");
        assertEquals(0, Main.execute("generate", "--output", input.toString(), "--features", "4", "--categorical", "0",
                "--events", "9600", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-26T00:00:00Z",
                "--missing-rate", "0", "--correlation-flip-from", FLIP.toString(), "--seed", "7"));
        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--from", "2026-11-24T00:00:00Z",
                "--to", "2026-11-25T00:00:00Z", "--output", snapshots.toString()));
        assertEquals(0, Main.execute("backfill", "--input", input.toString(), "--reference", snapshots.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z", "--window", "6h",
                "--parallelism", "2", "--sink", "file:" + out, "--dead-letter", tmp.resolve("dead.jsonl").toString()));
        points = LineProtocolReader.read(out);
    }

    @Test
    void pointsPassTheContractLint() {
        LpLint.assertPasses(out);
    }

    @Test
    void correlationFlipIsMultivariateDriftOnly() {
        List<Line> mv = points.stream().filter(p -> p.measurement.equals("multivariate_drift")).collect(Collectors.toList());
        assertThat(mv).hasSize(4);
        long flipNanos = FLIP.toEpochMilli() * 1_000_000L;
        for (Line p : mv) {
            assertThat(p.tag("model")).isEqualTo("model-a");
            assertThat(p.tag("window")).isEqualTo("6h");
            boolean after = p.timestamp > flipNanos;
            assertThat(p.fields.get("drifted")).as("drifted of the window ending %d", p.timestamp).isEqualTo(after);
        }
        for (Line p : points) {
            if (!p.measurement.equals("feature_drift")) continue;
            String f = p.tag("feature");
            if (!f.equals("num_000") && !f.equals("num_001")) continue;
            assertThat(p.fields.get("drift_level")).as("%s at %d", f, p.timestamp).isEqualTo("low");
            // the calibrated check (contract 2b): no statistic above its reference-chunk threshold
            assertThat(p.fields.get("drift_alert")).as("%s drift_alert at %d", f, p.timestamp).isEqualTo(false);
            assertThat(p.number("psi")).as("%s psi at %d", f, p.timestamp).isLessThan(0.1);
        }
    }

    @Test
    void windowFiguresAreTheSnapshotsPcaOverTheWindowsRecords() throws Exception {
        Snapshot s = SnapshotFiles.readAll(snapshots).get("model-a");
        ReconstructionModel m = s.multivariate().reconstruction;
        assertThat(m.features()).containsExactly("num_000", "num_001", "num_002", "num_003");
        assertThat(m.sampleRows()).isEqualTo(4800); // the whole first day: fewer rows than --joint-sample
        Map<Long, double[]> byEnd = new HashMap<>(); // records, sum, outliers
        PredictionParser parser = new PredictionParser();
        double[] row = new double[4], scratch = m.scratch();
        long from = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli(), to = from + 4 * WINDOW;
        try (var files = Files.list(input)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                for (String line : Files.readAllLines(f)) {
                    if (parser.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)) != null) continue;
                    PredictionRecord r = parser.record();
                    if (r.tsMillis < from || r.tsMillis >= to) continue;
                    for (int k = 0; k < r.featureCount; k++) row[Integer.parseInt(r.featureNames[k].substring(4))] = r.featureNumbers[k];
                    double e = m.error(row, scratch);
                    double[] a = byEnd.computeIfAbsent(Math.floorDiv(r.tsMillis, WINDOW) * WINDOW + WINDOW, x -> new double[3]);
                    a[0]++;
                    a[1] += e;
                    if (m.outlier(e)) a[2]++;
                }
            }
        }
        int seen = 0;
        long outliersAfter = 0;
        for (Line p : points) {
            if (!p.measurement.equals("multivariate_drift")) continue;
            double[] a = byEnd.get(p.timestamp / 1_000_000L);
            assertThat(a).isNotNull();
            assertThat(p.number("records")).isEqualTo(a[0]);
            assertThat(p.number("components")).isEqualTo(m.components());
            assertThat(p.number("reconstruction_error")).isCloseTo(a[1] / a[0], within(1e-9));
            assertThat(p.number("threshold")).isCloseTo(m.threshold(), within(1e-12));
            // the outliers went to the input checks (contract 3c)
            Line q = points.stream().filter(x -> x.measurement.equals("input_quality") && x.timestamp.equals(p.timestamp))
                    .findFirst().orElseThrow();
            assertThat(q.number("multivariate_outliers")).as("outliers of the window ending %d", p.timestamp).isEqualTo(a[2]);
            if (p.timestamp > FLIP.toEpochMilli() * 1_000_000L) outliersAfter += (long) a[2];
            seen++;
        }
        assertThat(seen).isEqualTo(4);
        assertThat(outliersAfter).as("anti-correlated records beyond the sample's 99.9th percentile").isPositive();
    }

    @Test
    void jointSampleOptionSetsTheSampleAndZeroTurnsTheMultivariatePartOff() throws Exception {
        Path small = tmp.resolve("snapshots-300"), none = tmp.resolve("snapshots-0"), noneOut = tmp.resolve("none.lp");
        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--from", "2026-11-24T00:00:00Z",
                "--to", "2026-11-25T00:00:00Z", "--output", small.toString(), "--joint-sample", "300"));
        ReconstructionModel m = SnapshotFiles.readAll(small).get("model-a").multivariate().reconstruction;
        assertThat(m.sampleRows()).isEqualTo(300);
        assertThat(m.features()).containsExactly("num_000", "num_001", "num_002", "num_003");

        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--from", "2026-11-24T00:00:00Z",
                "--to", "2026-11-25T00:00:00Z", "--output", none.toString(), "--joint-sample", "0"));
        Snapshot s = SnapshotFiles.readAll(none).get("model-a");
        assertThat(s.multivariate()).as("no joint sample and no embedding: no multivariate section").isNull();
        assertThat(Files.list(none).filter(f -> f.toString().endsWith(".json"))
                .anyMatch(f -> { try { return Files.readString(f).contains(MultivariateSnapshot.SECTION); }
                                 catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }))
                .isFalse();
        assertEquals(0, Main.execute("backfill", "--input", input.toString(), "--reference", none.toString(),
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z", "--window", "6h",
                "--sink", "file:" + noneOut, "--dead-letter", tmp.resolve("dead-none.jsonl").toString()));
        List<Line> lines = LineProtocolReader.read(noneOut);
        assertThat(lines).extracting(l -> l.measurement).contains("feature_drift").doesNotContain("multivariate_drift");
        for (Line q : lines) {
            if (q.measurement.equals("input_quality") && q.fields.containsKey("multivariate_outliers")) {
                assertThat(q.number("multivariate_outliers")).isZero();
            }
        }
        assertEquals(2, Main.execute("reference", "--input", input.toString(), "--output", none.toString(),
                "--joint-sample", "-1"));
    }
}
