package io.modelwatch.slo;

import io.modelwatch.io.PredictionRecord;
import org.apache.flink.util.OutputTag;

import java.util.function.Consumer;

/**
 * The hook of the SLOs in a parsing operator: one call per good record ({@link #add}), and the operator's
 * flushes passed on ({@link #onWatermark}, {@link #flushAll}). The per-minute counts leave on {@link #OUTPUT},
 * each stamped with its minute's last millisecond.
 *
 * <pre>{@code
 * open():            slos = settings == null ? null : new SloTap(settings, m -> output.collect(SloTap.OUTPUT, SloTap.record(m)));
 * per record:        if (slos != null) slos.add(record);
 * watermark W:       if (slos != null) slos.onWatermark(W);
 * barrier / end:     if (slos != null) slos.flushAll();
 * }</pre>
 */
public final class SloTap {
    public static final OutputTag<SloMinute> OUTPUT = new OutputTag<>("slo-minutes", SloMinuteSerializer.TYPE);
    /** Open (model, minute) counters before the oldest is sent early; partials of a minute add up downstream. */
    static final int MAX_OPEN_MINUTES = 4096;

    private final SloCounter counter;
    private final Consumer<SloMinute> out;

    public SloTap(SloSettings settings, Consumer<SloMinute> out) {
        this.counter = new SloCounter(settings.slos.all(), MAX_OPEN_MINUTES);
        this.out = out;
    }

    public void add(PredictionRecord r) {
        counter.add(r, out);
    }

    public void onWatermark(long watermarkMillis) {
        counter.flushClosed(watermarkMillis, out);
    }

    public void flushAll() {
        counter.flushAll(out);
    }

    /** The record of a minute's counts: stamped with the minute's last millisecond. */
    public static org.apache.flink.streaming.runtime.streamrecord.StreamRecord<SloMinute> record(SloMinute m) {
        return new org.apache.flink.streaming.runtime.streamrecord.StreamRecord<>(m, (m.minute + 1) * 60_000L - 1);
    }
}
