package io.modelwatch.drift;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.RecordReader;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.serving.ServingAccumulator;
import io.modelwatch.serving.ServingPartial;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses prediction lines and folds each good record into its model's window state right where it was read
 * (a map-side combine): the shuffle then carries one partial per model, window and feature shard instead of
 * every value. This is where the hot path lives: one reused parser, feature names looked up by identity in
 * the snapshot's index, primitive arrays per window.
 *
 * <p>Outputs: {@link DriftPartial}s (main), {@link ServingPartial}s, dead letters (JSON strings) and, at the
 * end, this subtask's {@link PipelineCounts}. A window is flushed when the watermark passes its end, when the
 * input ends, or, to bound memory when input is not in time order, when more than {@code maxOpenWindows} are
 * open (the oldest goes first; downstream merging makes an early flush harmless).
 */
public final class DriftPreAggregateOperator extends AbstractStreamOperator<DriftPartial>
        implements OneInputStreamOperator<RawLine, DriftPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DriftPreAggregateOperator.class);

    public static final OutputTag<ServingPartial> SERVING = new OutputTag<>("serving") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("pipeline-counts") {};

    private final SnapshotSource snapshots;
    private final long windowMillis;
    private final long fromMillis, toMillis;
    private final boolean exact;
    private final int shards;
    private final int maxOpenWindows;

    private transient Map<String, Snapshot> byModel;
    private transient LinkedHashMap<WindowKey, OpenWindow> open;
    private transient WindowKey probe;
    private transient PipelineCounts counts;
    private transient Set<String> modelsWithoutSnapshot;
    private transient Counter badRecordsMetric;
    private transient RecordReader reader;
    private transient RecordReader.Handler recordHandler;

    public DriftPreAggregateOperator(SnapshotSource snapshots, long windowMillis, long fromMillis, long toMillis,
                                     boolean exact, int shards, int maxOpenWindows) {
        this.snapshots = snapshots;
        this.windowMillis = windowMillis;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.exact = exact;
        this.shards = shards;
        this.maxOpenWindows = maxOpenWindows;
    }

    @Override
    public void open() throws Exception {
        super.open();
        byModel = snapshots.load();
        open = new LinkedHashMap<>();
        probe = new WindowKey();
        counts = new PipelineCounts();
        modelsWithoutSnapshot = new HashSet<>();
        badRecordsMetric = getMetricGroup().counter("badRecords");
        reader = new RecordReader(counts, fromMillis, toMillis, deadLetter -> {
            badRecordsMetric.inc();
            output.collect(DEAD_LETTERS, new StreamRecord<>(deadLetter));
        });
        recordHandler = this::add;
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        reader.read(element.getValue(), recordHandler);
    }

    private void add(PredictionRecord r) {
        long start = Math.floorDiv(r.tsMillis, windowMillis) * windowMillis;
        probe.model = r.model;
        probe.start = start;
        OpenWindow w = open.get(probe);
        if (w == null) w = openWindow(r.model, start);
        if (w.drift != null) w.drift.update(r);
        else counts.withoutSnapshot++;
        w.serving.add(r);
    }

    private OpenWindow openWindow(String model, long start) {
        if (open.size() >= maxOpenWindows) {
            Iterator<Map.Entry<WindowKey, OpenWindow>> it = open.entrySet().iterator();
            flush(it.next().getValue());
            it.remove();
        }
        Snapshot s = byModel.get(model);
        if (s == null && modelsWithoutSnapshot.add(model)) {
            LOG.warn("model '{}' has no reference snapshot: its serving figures are computed, its drift is not", model);
        }
        OpenWindow w = new OpenWindow();
        w.end = start + windowMillis;
        w.serving = new ServingAccumulator(model, start, start + windowMillis);
        w.drift = s == null ? null : DriftPartial.forWindow(s, start, start + windowMillis, exact);
        WindowKey key = new WindowKey();
        key.model = model;
        key.start = start;
        open.put(key, w);
        return w;
    }

    private void flush(OpenWindow w) {
        long end = w.end;
        if (w.drift != null) {
            for (DriftPartial p : w.drift.split(shards)) output.collect(new StreamRecord<>(p, end - 1));
        }
        output.collect(SERVING, new StreamRecord<>(w.serving.toPartial(), end - 1));
        Progress.WINDOWS_DONE.increment();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        Iterator<Map.Entry<WindowKey, OpenWindow>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<WindowKey, OpenWindow> e = it.next();
            if (e.getKey().start + windowMillis <= mark.getTimestamp()) {
                flush(e.getValue());
                it.remove();
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void endInput() {
        for (OpenWindow w : open.values()) flush(w);
        open.clear();
        output.collect(COUNTS, new StreamRecord<>(counts));
        if (!modelsWithoutSnapshot.isEmpty()) {
            LOG.warn("{} records of models without a snapshot {}", counts.withoutSnapshot, modelsWithoutSnapshot);
        }
    }

    private static final class OpenWindow {
        long end;
        DriftPartial drift;
        ServingAccumulator serving;
    }

    /** Mutable so a lookup allocates nothing; never mutated once it is a key in the map. */
    private static final class WindowKey {
        String model;
        long start;

        @Override
        public boolean equals(Object o) {
            return o instanceof WindowKey && ((WindowKey) o).start == start && ((WindowKey) o).model.equals(model);
        }

        @Override
        public int hashCode() {
            return model.hashCode() * 31 + Long.hashCode(start);
        }
    }
}
