package io.modelwatch.slo;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code backfill --slos} over a hand-made log whose burn alerts are worked out by hand: model a sends 10
 * records a minute from 10:00, all ok with latency 100 ms, except minutes 120..129 (12:00..12:09) where all
 * 10 are errors; model b sends 10 ok records a minute throughout. 260 minutes (to 14:20).
 */
class SloBackfillITCase {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir Path dir;

    static long minuteNanos(int minute) {
        return (T0.toEpochMilli() + minute * 60_000L) * 1_000_000L;
    }

    @Test
    void burnAlertsFireAndResolveAtTheHandComputedSteps() throws Exception {
        Path input = writeLog(dir), snaps = dir.resolve("snapshots");
        Path out = dir.resolve("out.lp");
        Path slos = Path.of(SlosCheckTest.shippedSlos().toString());
        assertThat(Main.execute("backfill", "--input", input.toString(), "--reference", snaps.toString(),
                "--from", "2026-11-25T10:00:00Z", "--to", "2026-11-25T15:00:00Z", "--window", "1h",
                "--parallelism", "2", "--slos", slos.toString(), "--sink", "file:" + out,
                "--dead-letter", dir.resolve("dead.jsonl").toString())).isZero();
        io.modelwatch.testing.LpLint.assertPasses(out); // slo and alerts points as contract section 4 types them
        List<Line> points = LineProtocolReader.read(out);

        // Step 120 + k holds k outage minutes (k = 1..10); the windows reaching before 10:00 count what was seen.
        // availability and errors (99.9 %, status in (ok, fallback)); burn = (bad / total) / 0.001:
        //   SLOBurnFast   1h k/60 -> 16.7 at k = 1 and 5m 1/5 -> 200: fires at step 121;
        //                 5m [T-5, T) clear of 120..129 at T = 135: resolves (1h still 10/60 -> 166.7).
        //   SLOBurnHigh   6h = the 120 + k minutes seen: 1/121 -> 8.26 > 6, 30m 1/30 -> 33.3: fires at 121;
        //                 30m clear at T = 160 (6h then 10/160 -> 62.5): resolves at 160.
        //   SLOBurnMedium 1d = seen: 8.26 > 3, 2h [1, 121): 1/120 -> 8.33: fires at 121; 2h clear at T = 250 (1d 10/250 -> 40).
        //   SLOBurnSlow   3d = seen 8.26 > 1, 6h 8.26: fires at 121; 6h would clear only at T = 490, after the last step (260).
        // latency (99 %, latency_ms <= 500): every record is good, no alert; model b: no alert.
        List<String> expected = new ArrayList<>();
        for (String slo : List.of("availability", "errors")) {
            expected.add("SLOBurnFast P0 " + slo + " firing @121");
            expected.add("SLOBurnHigh P1 " + slo + " firing @121");
            expected.add("SLOBurnMedium P2 " + slo + " firing @121");
            expected.add("SLOBurnSlow P3 " + slo + " firing @121");
            expected.add("SLOBurnFast P0 " + slo + " resolved @135");
            expected.add("SLOBurnHigh P1 " + slo + " resolved @160");
            expected.add("SLOBurnMedium P2 " + slo + " resolved @250");
        }
        List<String> alerts = points.stream().filter(l -> l.measurement.equals("alerts"))
                .map(l -> l.tags.get("rule") + " " + l.tags.get("severity") + " " + l.tags.get("slo") + " "
                        + l.fields.get("state") + " @" + (l.timestamp - minuteNanos(0)) / 60_000_000_000L
                        + (l.tags.get("model").equals("a") ? "" : " model " + l.tags.get("model")))
                .collect(Collectors.toList());
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);

        // slo points: every step from 10:01 to 14:20 for 2 models x 3 SLOs x 8 windows
        List<Line> slo = points.stream().filter(l -> l.measurement.equals("slo")).collect(Collectors.toList());
        assertThat(slo).hasSize(260 * 2 * 3 * 8);
        Line h1 = find(slo, "a", "availability", "1h", 121);
        // 1h at step 121 = minutes 61..120: 600 records, 10 bad: ratio 1/60, burn (1/60) / 0.001
        assertThat(h1.fields.get("total")).isEqualTo(600L);
        assertThat(h1.fields.get("bad")).isEqualTo(10L);
        assertThat((Double) h1.fields.get("error_ratio")).isCloseTo(1.0 / 60, within(1e-12));
        assertThat((Double) h1.fields.get("burn_rate")).isCloseTo((1.0 / 60) / 0.001, within(1e-9));
        Line period = find(slo, "a", "errors", "period", 135);
        // period (30 d) at step 135 = the 135 minutes seen: 1350 records, 100 bad: 1 - 100 / (0.001 x 1350)
        assertThat(period.fields.get("total")).isEqualTo(1350L);
        assertThat((Double) period.fields.get("budget_remaining")).isCloseTo(1 - 100 / (0.001 * 1350), within(1e-9));
        Line b = find(slo, "b", "availability", "5m", 3);
        assertThat(b.fields.get("bad")).isEqualTo(0L);
        assertThat((Double) b.fields.get("burn_rate")).isEqualTo(0.0);
        assertThat(b.fields).doesNotContainKey("budget_remaining");
    }

    /** The log of the class comment in DIR/logs, and its snapshots in DIR/snapshots; returns DIR/logs. */
    static Path writeLog(Path dir) throws Exception {
        Path input = dir.resolve("logs");
        Files.createDirectories(input);
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < 260; m++) {
            for (int i = 0; i < 10; i++) {
                long ts = T0.toEpochMilli() + m * 60_000L + i * 5_000L;
                boolean outage = m >= 120 && m < 130;
                lines.add("{\"ts\":" + ts + ",\"model\":\"a\",\"latency_ms\":100,\"status\":\"" + (outage ? "error" : "ok") + "\"}");
                lines.add("{\"ts\":" + ts + ",\"model\":\"b\",\"latency_ms\":100,\"status\":\"ok\"}");
            }
        }
        Files.write(input.resolve("predictions.jsonl"), lines);
        assertThat(Main.execute("reference", "--input", input.toString(), "--output", dir.resolve("snapshots").toString())).isZero();
        return input;
    }

    static Line find(List<Line> slo, String model, String name, String window, int step) {
        return slo.stream().filter(l -> model.equals(l.tags.get("model")) && name.equals(l.tags.get("slo"))
                        && window.equals(l.tags.get("window")) && l.timestamp == minuteNanos(step))
                .findFirst().orElseThrow(() -> new AssertionError("no slo point " + model + " " + name + " " + window + " @" + step));
    }
}
