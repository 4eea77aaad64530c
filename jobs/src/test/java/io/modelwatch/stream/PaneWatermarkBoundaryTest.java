package io.modelwatch.stream;

import io.modelwatch.io.RawLine;
import io.modelwatch.serving.ServingPartial;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pane operator closes a pane [start, end) at the watermark end - 1, the watermark at which the keyed
 * {@link PaneWindows} fires the windows ending at {@code end} and drops their oldest pane. It used to wait for
 * the watermark end: when a watermark landed exactly on end - 1 (a record exactly max-out-of-orderness after a
 * slide boundary), the window fired without its last pane, the pane came one watermark later, fired the window
 * again, and the second emission (the one a file or InfluxDB keeps) lacked the oldest pane, already dropped:
 * a 2-pane window with half its count, depending on how the two partitions' watermarks interleaved.
 */
class PaneWatermarkBoundaryTest {
    static final long MINUTE = 60_000;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir Path dir;

    static StreamRecord<RawLine> line(long offset, Instant ts) {
        byte[] b = ("{\"ts\":\"" + ts + "\",\"model\":\"model-x\",\"latency_ms\":3,\"features\":{\"y\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        return new StreamRecord<>(new RawLine("t-0", offset, b, b.length), ts.toEpochMilli());
    }

    OneInputStreamOperatorTestHarness<RawLine, PanePartial> harness() throws Exception {
        // an empty reference folder: serving partials only, one per pane flushed
        ReferenceLibrary refs = new ReferenceLibrary(dir.toString(), 0, 0);
        OneInputStreamOperatorTestHarness<RawLine, PanePartial> h = new OneInputStreamOperatorTestHarness<>(
                new PaneAggregateOperator(refs, MINUTE, 0, 2, 64));
        h.open();
        return h;
    }

    static List<Long> flushedPanes(OneInputStreamOperatorTestHarness<RawLine, PanePartial> h) {
        List<Long> starts = new ArrayList<>();
        var q = h.getSideOutput(PaneAggregateOperator.SERVING);
        if (q != null) for (StreamRecord<ServingPartial> r : q) starts.add(r.getValue().windowStart);
        return starts;
    }

    @Test
    void aPaneIsClosedAtTheWatermarkOneMillisecondBeforeItsEnd() throws Exception {
        try (var h = harness()) {
            h.processElement(line(0, T0.plusSeconds(30)));
            h.processWatermark(new Watermark(T0.toEpochMilli() + MINUTE - 2));
            assertThat(flushedPanes(h)).as("open until the watermark reaches end - 1").isEmpty();
            h.processWatermark(new Watermark(T0.toEpochMilli() + MINUTE - 1)); // what the keyed windows fire at
            assertThat(flushedPanes(h)).containsExactly(T0.toEpochMilli());
        }
    }

    @Test
    void aRecordOfAPaneClosedAtEndMinusOneIsLate() throws Exception {
        try (var h = harness()) {
            h.processElement(line(0, T0.plusSeconds(30)));
            h.processWatermark(new Watermark(T0.toEpochMilli() + MINUTE - 1));
            h.processElement(line(1, T0.plusSeconds(59)));
            var dead = h.getSideOutput(PaneAggregateOperator.DEAD_LETTERS);
            assertThat(dead).hasSize(1);
            assertThat(dead.peek().getValue()).contains("late: event time");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(flushedPanes(h)).as("the pane is not opened again").containsExactly(T0.toEpochMilli());
            long late = 0, outOfRange = 0, in = 0;
            for (StreamRecord<io.modelwatch.io.PipelineCounts> r : h.getSideOutput(PaneAggregateOperator.COUNTS)) {
                late += r.getValue().late;
                outOfRange += r.getValue().outOfRange;
                in += r.getValue().recordsIn;
            }
            assertThat(in).isEqualTo(2);
            assertThat(late).as("counted as late").isEqualTo(1);
            assertThat(outOfRange).as("not as out of range").isZero();
        }
    }

    @Test
    void theWatermarkThatClosesAPaneIsEmittedAtOnceNotOnTheTick() {
        List<Long> emitted = new ArrayList<>();
        org.apache.flink.api.common.eventtime.WatermarkOutput out = new org.apache.flink.api.common.eventtime.WatermarkOutput() {
            @Override public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark w) { emitted.add(w.getTimestamp()); }
            @Override public void markIdle() {}
            @Override public void markActive() {}
        };
        PaneWatermarks<Object> g = new PaneWatermarks<>(30_000, MINUTE);
        long t0 = T0.toEpochMilli();
        g.onEvent("a", t0 + 40_000, out);        // first: emitted
        g.onEvent("b", t0 + 50_000, out);        // same pane still open: waits for the tick
        g.onEvent("c", t0 + MINUTE + 30_000, out); // watermark end - 1 of pane [t0, t0 + 1m): closes it, at once
        assertThat(emitted).containsExactly(t0 + 9_999, t0 + MINUTE - 1);
    }
}
