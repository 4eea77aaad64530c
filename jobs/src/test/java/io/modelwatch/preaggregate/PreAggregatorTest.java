package io.modelwatch.preaggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.RawLine;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.ReferenceStatistics;
import io.modelwatch.reference.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared pre-aggregation core, without Flink. */
class PreAggregatorTest {
    private static final long MINUTE = 60_000;

    static Snapshot snapshot() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) v[i] = i;
        List<NumericReference> numeric = List.of(ReferenceStatistics.numeric("x", v, 0, 0, 10, 100));
        List<CategoricalReference> categorical = List.of(
                new CategoricalReference("c", 10, 0, 0, new String[] {"a"}, new long[] {10}));
        return new Snapshot("m", 0, 1, 100, 10, 100, numeric, categorical);
    }

    static String line(long ts, String model, double x) {
        return "{\"ts\":" + ts + ",\"model\":\"" + model + "\",\"latency_ms\":5,\"features\":{\"x\":" + x + "}}";
    }

    static RawLine chunk(String source, long firstLine, String... lines) {
        byte[] b = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return new RawLine(source, firstLine, b, b.length);
    }

    final List<PreAggregator.Window> emitted = new ArrayList<>();
    final List<String> dead = new ArrayList<>();
    final Map<String, PreAggregator.Reference> refs = Map.of("m", new PreAggregator.Reference(snapshot(), 7));

    PreAggregator core(long lateness, int maxOpen, long from, long to, List<PreAggregator.FiguresFactory> more) {
        return new PreAggregator(new PreAggregator.Settings(MINUTE, lateness, false, maxOpen, from, to), (m, start) -> refs.get(m),
                more, emitted::add, dead::add, "", io.modelwatch.io.Progress.none());
    }

    List<Long> starts() {
        return emitted.stream().map(PreAggregator.Window::start).toList();
    }

    @Test
    void recordsFoldIntoTheirModelsWindowAndLeaveWhenTheWatermarkReachesEndMinusOne() throws Exception {
        PreAggregator c = core(PreAggregator.Settings.NO_LATENESS, 100, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        c.read(chunk("f", 1, line(1000, "m", 1), line(2000, "m", 2), line(MINUTE + 5, "m", 3), line(3000, "other", 4)));
        c.watermark(MINUTE - 2);
        assertThat(emitted).isEmpty();
        c.watermark(MINUTE - 1);
        assertThat(emitted).hasSize(2).allSatisfy(w -> assertThat(w.start()).isZero());
        PreAggregator.Window m = emitted.stream().filter(w -> w.model().equals("m")).findFirst().orElseThrow();
        assertThat(m.drift().records()).isEqualTo(2);
        assertThat(m.version()).isEqualTo(7);
        assertThat(m.end()).isEqualTo(MINUTE);
        assertThat(m.serving().toPartial().count).isEqualTo(2);
        PreAggregator.Window other = emitted.stream().filter(w -> w.model().equals("other")).findFirst().orElseThrow();
        assertThat(other.drift()).as("no reference: serving only").isNull();
        assertThat(other.serving().toPartial().count).isEqualTo(1);
        assertThat(c.withoutReference()).containsExactly("other");
        c.flushAll();
        assertThat(starts()).containsExactly(0L, 0L, MINUTE);
        PipelineCounts counts = c.takeCounts();
        assertThat(counts.recordsIn).isEqualTo(4);
        assertThat(counts.withoutSnapshot).isEqualTo(1);
        assertThat(counts.late).isZero();
        assertThat(c.takeCounts().recordsIn).as("taken counts start again at zero").isZero();
    }

    @Test
    void recyclingTheDriftStateGivesTheWindowsOfFreshOnes() throws Exception {
        List<String> plain = new ArrayList<>(), recycled = new ArrayList<>();
        for (boolean recycle : new boolean[] {false, true}) {
            List<String> out = recycle ? recycled : plain;
            // the emitter keeps bytes, not the window: with recycling its state is emptied for the next one
            PreAggregator c = new PreAggregator(new PreAggregator.Settings(MINUTE, PreAggregator.Settings.NO_LATENESS,
                    false, 2, Long.MIN_VALUE, Long.MAX_VALUE), (m, start) -> refs.get(m), List.of(),
                    w -> out.add(w.start() + " " + java.util.Arrays.toString(w.drift().toBytes())), dead::add, "", io.modelwatch.io.Progress.none());
            if (recycle) c.recycleDrift();
            for (int k = 0; k < 40; k++) {
                c.read(chunk("f", k, line(k * 7_000, "m", k % 13), line(k * 7_000 + 1, "m", (k * 7) % 101)));
                if (k % 5 == 4) c.flushAll(); // as before a checkpoint barrier: the pane opens again
                if (k % 9 == 8) c.watermark(k * 7_000 - MINUTE / 2);
            }
            c.read(chunk("f", 99, line(MINUTE, "m", 1), line(5 * MINUTE, "m", 2), line(3 * MINUTE, "m", 3))); // evicts
            c.flushAll();
        }
        assertThat(recycled).hasSizeGreaterThan(10).isEqualTo(plain);
    }

    @Test
    void withoutLatenessARecordOfAFlushedWindowOpensItAgain() throws Exception {
        PreAggregator c = core(PreAggregator.Settings.NO_LATENESS, 100, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        c.read(chunk("f", 1, line(1000, "m", 1)));
        c.watermark(10 * MINUTE);
        c.read(chunk("f", 2, line(2000, "m", 2)));
        c.flushAll();
        assertThat(starts()).containsExactly(0L, 0L);
        assertThat(c.takeCounts().late).isZero();
        assertThat(dead).isEmpty();
    }

    @Test
    void aRecordPastTheAllowedLatenessIsCountedAsLateNotOutOfRangeAndIsInNoWindow() throws Exception {
        PreAggregator c = core(30_000, 100, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        c.read(chunk("topic-0", 40, line(1000, "m", 1)));
        c.watermark(MINUTE - 1 + 29_999);
        c.read(chunk("topic-0", 41, line(2000, "m", 2))); // within the lateness: the pane opens again
        c.watermark(MINUTE - 1 + 30_000);
        c.read(chunk("topic-0", 42, line(3000, "m", 3))); // past it: late
        c.flushAll();
        assertThat(starts()).containsExactly(0L, 0L);
        assertThat(emitted.get(1).drift().records()).isEqualTo(1);
        PipelineCounts counts = c.takeCounts();
        assertThat(counts.recordsIn).isEqualTo(3);
        assertThat(counts.late).isEqualTo(1);
        assertThat(counts.outOfRange).isZero();
        assertThat(counts.badRecords).isZero();
        assertThat(c.lateTotal()).isEqualTo(1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).contains("\"reason\":\"late: event time 1970-01-01T00:00:03Z")
                .contains("\"source\":\"topic-0\"").contains("\"line_number\":42").contains("\\\"x\\\":3.0");
    }

    @Test
    void badAndOutOfRangeLinesAreCountedByTheReader() throws Exception {
        PreAggregator c = core(PreAggregator.Settings.NO_LATENESS, 100, 1000, 5000, List.of());
        c.read(chunk("f", 1, line(500, "m", 1), "not json", line(1000, "m", 2), line(5000, "m", 3)));
        c.flushAll();
        PipelineCounts counts = c.takeCounts();
        assertThat(counts.recordsIn).isEqualTo(4);
        assertThat(counts.badRecords).isEqualTo(1);
        assertThat(counts.outOfRange).isEqualTo(2);
        assertThat(dead).hasSize(1).allSatisfy(d -> assertThat(d).contains("\"line_number\":2"));
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).drift().records()).isEqualTo(1);
    }

    @Test
    void moreThanMaxOpenWindowsSendsTheOldestOnFirst() throws Exception {
        PreAggregator c = core(PreAggregator.Settings.NO_LATENESS, 2, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        c.read(chunk("f", 1, line(5 * MINUTE, "m", 1), line(MINUTE, "m", 1), line(3 * MINUTE, "m", 1)));
        assertThat(starts()).containsExactly(5 * MINUTE);
        assertThat(c.openWindows()).isEqualTo(2);
    }

    /** The hook for more per-record figures: made per window, fed each good record of it once. */
    @Test
    void pluggedInFiguresSeeEachGoodRecordOfTheirWindow() throws Exception {
        final class Count implements PreAggregator.Figures {
            final String model;
            final boolean hasReference;
            double sumLatency;
            int n;

            Count(String model, boolean hasReference) {
                this.model = model;
                this.hasReference = hasReference;
            }

            @Override
            public void update(PredictionRecord r) {
                assertThat(r.model).isEqualTo(model);
                sumLatency += r.latencyMs;
                n++;
            }
        }
        PreAggregator c = core(PreAggregator.Settings.NO_LATENESS, 100, Long.MIN_VALUE, Long.MAX_VALUE,
                List.of((model, start, end, ref) -> new Count(model, ref != null)));
        c.read(chunk("f", 1, line(1, "m", 1), "{bad", line(2, "m", 2), line(3, "other", 3)));
        c.flushAll();
        Map<String, Count> byModel = new java.util.HashMap<>();
        for (PreAggregator.Window w : emitted) byModel.put(w.model(), (Count) w.figures(0));
        assertThat(byModel.get("m").n).isEqualTo(2);
        assertThat(byModel.get("m").sumLatency).isEqualTo(10.0);
        assertThat(byModel.get("m").hasReference).isTrue();
        assertThat(byModel.get("other").n).isEqualTo(1);
        assertThat(byModel.get("other").hasReference).isFalse();
    }
}
