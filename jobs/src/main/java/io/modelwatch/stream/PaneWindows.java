package io.modelwatch.stream;

import io.modelwatch.serving.ServingAccumulator;
import io.modelwatch.serving.ServingPartial;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sliding windows from panes, keyed ((model, feature shard) for drift, model for serving): keyed state holds one
 * merged partial per pane, and when event time passes the end E of a window (E a multiple of the slide), the
 * panes of [E - window, E) are merged, in pane order, into the window's partial. An event is in one pane, never
 * in window/slide copies; state per key is at most window/slide + allowed-lateness/slide panes, each bounded by
 * the reference grid. Tumbling windows are the case window == slide.
 *
 * <p>Timers: when a pane gets data, one event-time timer per window that contains it (at E - 1) and one to drop
 * it once its last window can no longer change (pane start + window + allowed lateness). A partial arriving for
 * a window that already fired (a late record within the allowed lateness) registers that window's timer again;
 * it fires at the next watermark and the window is emitted again with the record in it.
 *
 * <p>Reference versions: a pane's partials of the same version are merged; a newer version replaces an older
 * one in a pane (the older partials of that pane are dropped, with a warning), and a window is made of the panes
 * of its newest version only, so a snapshot switch never mixes two grids or means in one figure.
 */
public abstract class PaneWindows<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaneWindows.class);

    private final long window, slide, lateness;
    private final TypeInformation<T> type;
    private transient MapState<Long, T> panes;
    /** The end of the last window this key fired (keyed state, so it survives a restore; watermarks do not). */
    private transient ValueState<Long> firedUpTo;
    private transient TypeSerializer<T> serializer;

    protected PaneWindows(long window, long slide, long lateness, TypeInformation<T> type) {
        this.window = window;
        this.slide = slide;
        this.lateness = lateness;
        this.type = type;
    }

    protected abstract long paneStart(T t);

    protected abstract long version(T t);

    /** Adds b into a; returns a. */
    protected abstract T merge(T a, T b);

    protected abstract void setWindow(T t, long start, long end);

    /** Whether the merged window starting at {@code start} is this key's to emit (a dated snapshot's windows only). */
    protected boolean serves(T merged, long start) {
        return true;
    }

    @Override
    public void open(OpenContext context) {
        serializer = getRuntimeContext().createSerializer(type);
        panes = getRuntimeContext().getMapState(new MapStateDescriptor<>("panes", Types.LONG, type));
        firedUpTo = getRuntimeContext().getState(new ValueStateDescriptor<>("fired-up-to", Types.LONG));
    }

    @Override
    public void processElement(T partial, Context ctx, Collector<T> out) throws Exception {
        long start = paneStart(partial);
        // The pane operator's rule (late: pane end - 1 + lateness <= watermark), judged here against what this key
        // has already fired as well as the watermark: the first window holding the pane ends at start + slide,
        // and once it has fired past its lateness the oldest pane of some window of this pane may be gone, so
        // firing that window again would write it with a pane missing. Never true while the pane operator's
        // watermark is ahead of this one; after a restore both watermarks start over and only keyed state knows
        // which windows are final, so a record that was late before the failure stays out of every window.
        Long fired = firedUpTo.value();
        long horizon = Math.max(ctx.timerService().currentWatermark(), fired == null ? Long.MIN_VALUE : fired - 1);
        if (start + slide + lateness - 1 <= horizon) {
            LOG.warn("key {}: a partial of pane {} arrived after its first window was final; dropped", ctx.getCurrentKey(), start);
            return;
        }
        T existing = panes.get(start);
        if (existing == null) {
            panes.put(start, partial);
        } else if (version(existing) == version(partial)) {
            panes.put(start, merge(existing, partial));
        } else if (version(partial) > version(existing)) {
            LOG.warn("key {}: pane {} now uses reference version {}; its partials of version {} are dropped",
                    ctx.getCurrentKey(), start, version(partial), version(existing));
            panes.put(start, partial);
        } else {
            LOG.warn("key {}: a partial of pane {} with the old reference version {} is dropped (the pane uses {})",
                    ctx.getCurrentKey(), start, version(partial), version(existing));
            return;
        }
        for (long end = start + slide; end <= start + window; end += slide) {
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        ctx.timerService().registerEventTimeTimer(start + window + lateness - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        long end = timestamp + 1;
        Long fired = firedUpTo.value();
        if (fired == null || fired < end) firedUpTo.update(end);
        List<Map.Entry<Long, T>> all = new ArrayList<>();
        for (Map.Entry<Long, T> e : panes.entries()) all.add(Map.entry(e.getKey(), e.getValue()));
        if (Math.floorMod(end, slide) == 0) {
            long version = Long.MIN_VALUE;
            for (Map.Entry<Long, T> e : all) {
                if (e.getKey() >= end - window && e.getKey() < end) version = Math.max(version, version(e.getValue()));
            }
            if (version != Long.MIN_VALUE) {
                all.sort(Map.Entry.comparingByKey());
                T merged = null;
                int skipped = 0;
                for (Map.Entry<Long, T> e : all) {
                    if (e.getKey() < end - window || e.getKey() >= end) continue;
                    if (version(e.getValue()) != version) {
                        skipped++;
                    } else if (merged == null) {
                        // A pane this timer drops below (its last window) is the window's start as it is; one that
                        // stays for later windows or late records is copied, so the merge leaves it unchanged. With
                        // no lateness a window's first pane is the oldest still kept and always dropped here, and
                        // the copy was a whole dense partial per key and window (docs/stream.md, "The pane's copy").
                        merged = dropped(e.getKey(), end) ? e.getValue() : serializer.copy(e.getValue());
                    } else {
                        merged = merge(merged, e.getValue());
                    }
                }
                if (skipped > 0) {
                    LOG.warn("key {}: window ending {} left out {} panes accumulated against an older reference version",
                            ctx.getCurrentKey(), end, skipped);
                }
                if (serves(merged, end - window)) {
                    setWindow(merged, end - window, end);
                    out.collect(merged);
                }
            }
        }
        for (Map.Entry<Long, T> e : all) {
            if (dropped(e.getKey(), end)) panes.remove(e.getKey());
        }
    }

    /** Whether the timer of the window ending at {@code end} drops the pane starting at {@code paneStart}. */
    private boolean dropped(long paneStart, long end) {
        return paneStart + window + lateness <= end;
    }

    /** Drift: keyed by model and feature shard. */
    public static final class Drift extends PaneWindows<PanePartial> {
        private static final long serialVersionUID = 1L;

        public Drift(long window, long slide, long lateness) {
            super(window, slide, lateness, PanePartialSerializer.TYPE);
        }

        @Override
        protected long paneStart(PanePartial p) {
            return p.drift.windowStart();
        }

        @Override
        protected long version(PanePartial p) {
            return p.version;
        }

        @Override
        protected PanePartial merge(PanePartial a, PanePartial b) {
            a.drift.merge(b.drift);
            // a pane folded after a newer snapshot was read knows its end: the window goes to the newer one's key
            a.servesUntil = Math.min(a.servesUntil, b.servesUntil);
            return a;
        }

        @Override
        protected boolean serves(PanePartial merged, long start) {
            return merged.serves(start);
        }

        @Override
        protected void setWindow(PanePartial p, long start, long end) {
            p.drift.relabel(start, end);
        }
    }

    /** Serving: keyed by model. */
    public static final class Serving extends PaneWindows<ServingPartial> {
        private static final long serialVersionUID = 1L;

        public Serving(long window, long slide, long lateness) {
            super(window, slide, lateness, TypeInformation.of(ServingPartial.class));
        }

        @Override
        protected long paneStart(ServingPartial s) {
            return s.windowStart;
        }

        @Override
        protected long version(ServingPartial s) {
            return 0;
        }

        @Override
        protected ServingPartial merge(ServingPartial a, ServingPartial b) {
            return ServingAccumulator.merge(a, b);
        }

        @Override
        protected void setWindow(ServingPartial s, long start, long end) {
            s.windowStart = start;
            s.windowEnd = end;
        }
    }
}
