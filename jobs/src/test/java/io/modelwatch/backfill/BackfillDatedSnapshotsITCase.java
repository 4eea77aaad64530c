package io.modelwatch.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract 2b, dated snapshots, what issue 15 must show: a backfill over three days (Nov 23, 24, 25) against one
 * folder with a snapshot valid from Nov 24 and one valid from Nov 25 whose reference holds a shift of x by +5 (3
 * std) that only the day-3 traffic has. Each window must use the snapshot valid at its start (day 1, older than
 * both, the oldest): the oracle is a backfill of the same days against a folder holding only that snapshot (the
 * figures of a one-snapshot folder are those of earlier releases), and the points must be the same. With the
 * wrong snapshot the shift would be there: against the day-2 snapshot alone the day-3 windows alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillDatedSnapshotsITCase {
    static final long HOUR = 3_600_000L;
    static final Instant DAY1 = Instant.parse("2026-11-23T00:00:00Z");
    @TempDir static Path tmp;
    Path both, onlyOld, onlyNew;
    List<Line> dated, oracleOld, oracleNew;

    /** Record i of a day: x around 10 (std about 1.7) plus the shift, a categorical c. */
    static String line(long ts, long i, double shift) {
        double x = 10 + ((i * 7919) % 601) / 100.0 - 3 + shift;
        return "{\"ts\":" + ts + ",\"model\":\"m\",\"latency_ms\":5,\"features\":{\"x\":" + x + ",\"c\":\""
                + ((i * 13) % 5 == 0 ? "b" : "a") + "\"}}\n";
    }

    static void day(Path file, Instant start, double shift, long salt) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (long i = 0; i < 24 * 120; i++) w.write(line(start.toEpochMilli() + i * 30_000, i + salt, shift));
        }
    }

    static void run(String... args) {
        assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
    }

    @BeforeAll
    void runJobs() throws Exception {
        Path ref1 = Files.createDirectories(tmp.resolve("ref1")), ref2 = Files.createDirectories(tmp.resolve("ref2"));
        day(ref1.resolve("r.jsonl"), DAY1.minusSeconds(86_400), 0, 1);
        day(ref2.resolve("r.jsonl"), DAY1.minusSeconds(86_400), 5, 2);
        onlyOld = tmp.resolve("only-old");
        onlyNew = tmp.resolve("only-new");
        run("reference", "--input", ref1.toString(), "--output", onlyOld.toString(), "--valid-from", "2026-11-24");
        run("reference", "--input", ref2.toString(), "--output", onlyNew.toString(), "--valid-from", "2026-11-25");
        both = Files.createDirectories(tmp.resolve("both"));
        for (Path d : List.of(onlyOld, onlyNew)) {
            try (var files = Files.list(d)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".snapshot.json")).collect(Collectors.toList())) {
                    Files.copy(f, both.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path current = Files.createDirectories(tmp.resolve("current"));
        day(current.resolve("d1.jsonl"), DAY1, 0, 3);
        day(current.resolve("d2.jsonl"), DAY1.plusSeconds(86_400), 0, 4);
        day(current.resolve("d3.jsonl"), DAY1.plusSeconds(2 * 86_400), 5, 5);
        dated = backfill("dated", current, both, "2026-11-23", "2026-11-26");
        oracleOld = backfill("old", current, onlyOld, "2026-11-23", "2026-11-26");
        oracleNew = backfill("new", current, onlyNew, "2026-11-25", "2026-11-26");
    }

    List<Line> backfill(String name, Path input, Path reference, String from, String to) {
        Path out = tmp.resolve(name + ".lp");
        run("backfill", "--input", input.toString(), "--reference", reference.toString(), "--from", from, "--to", to,
                "--window", "6h", "--parallelism", "1", "--sink", "file:" + out, "--dead-letter",
                tmp.resolve(name + "-dead.jsonl").toString());
        LpLint.assertPasses(out);
        return LineProtocolReader.read(out);
    }

    /** feature_drift and model_drift points by series and time. */
    static Map<String, Line> drift(List<Line> lines, long fromNs, long toNs) {
        Map<String, Line> out = new TreeMap<>();
        for (Line l : lines) {
            if (!l.measurement.endsWith("_drift") || l.timestamp <= fromNs || l.timestamp > toNs) continue;
            out.put(l.measurement + new TreeMap<>(l.tags) + "@" + l.timestamp, l);
        }
        return out;
    }

    static long ns(Instant t) {
        return t.toEpochMilli() * 1_000_000L;
    }

    @Test
    void eachWindowUsesTheSnapshotValidAtItsStartAndItsFiguresAreThoseOfThatSnapshotAlone() {
        long d1 = ns(DAY1), d3 = ns(DAY1.plusSeconds(2 * 86_400)), end = ns(DAY1.plusSeconds(3 * 86_400));
        // windows ending in (d1, d3]: days 1 and 2, the day-2 snapshot's window ending at d3 started before it
        Map<String, Line> got = drift(dated, d1, end), wantOld = drift(oracleOld, d1, d3), wantNew = drift(oracleNew, d3, end);
        assertThat(got).hasSize(wantOld.size() + wantNew.size()).hasSize(12 * 3);
        Map<String, Line> want = new TreeMap<>(wantOld);
        want.putAll(wantNew);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (Map.Entry<String, Line> e : want.entrySet()) {
            assertThat(got.get(e.getKey()).fields).as(e.getKey()).isEqualTo(e.getValue().fields);
        }
        for (Line l : got.values()) {
            String expected = l.timestamp <= d3 ? "m@2026-11-24T00:00:00Z" : "m@2026-11-25T00:00:00Z";
            assertThat(l.fields.get("reference")).as(l.toString()).isEqualTo(expected);
            if (l.measurement.equals("feature_drift") && "x".equals(l.tag("feature"))) {
                assertThat(l.number("mean_shift")).as("x against its own day's reference: " + l).isLessThan(0.3);
                assertThat(l.fields.get("drift_alert")).as(l.toString()).isEqualTo(false);
            }
        }
    }

    @Test
    void againstTheWrongSnapshotTheDayThreeShiftIsThereAndAlerts() {
        long d3 = ns(DAY1.plusSeconds(2 * 86_400)), end = ns(DAY1.plusSeconds(3 * 86_400));
        List<Line> x = new ArrayList<>();
        for (Line l : drift(oracleOld, d3, end).values()) {
            if (l.measurement.equals("feature_drift") && "x".equals(l.tag("feature"))) x.add(l);
        }
        assertThat(x).hasSize(4).allSatisfy(l -> {
            assertThat(l.number("mean_shift")).isGreaterThan(2);
            assertThat(l.fields.get("drift_alert")).isEqualTo(true);
            assertThat((String) l.fields.get("drift_alert_by")).contains("mean_shift");
        });
        for (Line l : drift(oracleOld, d3, end).values()) {
            if (l.measurement.equals("model_drift")) assertThat(l.number("alerted")).isGreaterThanOrEqualTo(1);
        }
    }
}
