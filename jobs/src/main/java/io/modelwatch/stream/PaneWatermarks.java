package io.modelwatch.stream;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks (watermark = highest event time seen - max out-of-orderness - 1), per
 * Kafka partition, that also emit at once when the watermark crosses a pane boundary instead of only on the
 * periodic tick: which records are late then follows the order of the records in the partition, not the
 * timing of the tick, so lateness is reproducible (and testable). A pane [start, end) closes at the watermark
 * end - 1 (no record with a timestamp &lt;= end - 1 is to come), so the boundary crossed is that of wm + 1. Records whose event time could not be read
 * ({@link TsScanner#UNKNOWN}) do not move it: a bad line's Kafka timestamp must not make good records late.
 */
final class PaneWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrderness;
    private final long slide;
    private long maxTimestamp;
    private long emitted = Long.MIN_VALUE;

    PaneWatermarks(long outOfOrderness, long slide) {
        this.outOfOrderness = outOfOrderness;
        this.slide = slide;
        this.maxTimestamp = Long.MIN_VALUE + outOfOrderness + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == TsScanner.UNKNOWN || eventTimestamp <= maxTimestamp) return;
        maxTimestamp = eventTimestamp;
        long wm = current();
        if (emitted == Long.MIN_VALUE || Math.floorDiv(wm + 1, slide) > Math.floorDiv(emitted + 1, slide)) emit(wm, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long wm = current();
        if (wm > emitted) emit(wm, output);
    }

    private long current() {
        return maxTimestamp - outOfOrderness - 1;
    }

    private void emit(long wm, WatermarkOutput output) {
        emitted = wm;
        output.emitWatermark(new Watermark(wm));
    }
}
