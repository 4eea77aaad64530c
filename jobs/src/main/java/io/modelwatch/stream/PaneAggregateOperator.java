package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.DeadLetter;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
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

import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The streaming job's hot path, chained right behind the Kafka source: parses each line and folds the record
 * into its model's current <em>pane</em> (a tumbling slide-long slice of event time) through the backfill's own
 * {@link DriftPartial} and {@link ServingAccumulator}. An event updates exactly one pane; the keyed
 * {@link PaneWindows} step downstream merges the last window/slide panes into each window.
 *
 * <p>Panes leave this operator as partials (one per feature shard) when the watermark passes their end, when
 * the input ends, and before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}): the operator then
 * holds no state of its own at a checkpoint, everything it has counted so far is in the keyed pane state
 * downstream, and the source's offsets in the same checkpoint say where to resume. Merging is addition, so a
 * pane flushed in several parts gives the same window (floating-point sums up to rounding).
 *
 * <p>A record is <b>late</b> when its pane has closed longer ago than the allowed lateness: pane end - 1 +
 * allowed lateness &lt;= watermark (a watermark W means no record with a timestamp &lt;= W is to come, so a pane
 * [start, end) is closed at W = end - 1, as in Flink's own windows). It goes to the dead letters with the
 * reason and is counted (metric {@code lateRecords}); it is in none of its windows. A record within the allowed lateness reopens its pane, and
 * the windows containing it are computed again (the same series and time, so InfluxDB keeps the new values).
 */
public final class PaneAggregateOperator extends AbstractStreamOperator<PanePartial>
        implements OneInputStreamOperator<RawLine, PanePartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaneAggregateOperator.class);

    public static final OutputTag<ServingPartial> SERVING = new OutputTag<>("serving") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("pipeline-counts") {};

    private final ReferenceLibrary references;
    private final long slide;
    private final long allowedLateness;
    private final int shards;
    private final int maxOpenPanes;

    private transient PredictionParser parser;
    private transient LinkedHashMap<PaneKey, OpenPane> open;
    private transient PaneKey probe;
    private transient PipelineCounts counts;
    private transient long late;
    private transient long watermark;
    private transient Set<String> reportedWithoutSnapshot;
    private transient Counter badMetric, lateMetric;

    public PaneAggregateOperator(ReferenceLibrary references, long slide, long allowedLateness, int shards,
                                 int maxOpenPanes) {
        this.references = references;
        this.slide = slide;
        this.allowedLateness = allowedLateness;
        this.shards = shards;
        this.maxOpenPanes = maxOpenPanes;
    }

    @Override
    public void open() throws Exception {
        super.open();
        parser = new PredictionParser();
        open = new LinkedHashMap<>();
        probe = new PaneKey();
        counts = new PipelineCounts();
        watermark = Long.MIN_VALUE;
        reportedWithoutSnapshot = new HashSet<>();
        badMetric = getMetricGroup().counter("badRecords");
        lateMetric = getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) {
        RawLine line = element.getValue();
        counts.recordsIn++;
        Progress.RECORDS_READ.increment();
        String problem = parser.parse(line.bytes, 0, line.length);
        if (problem != null) {
            counts.badRecords++;
            badMetric.inc();
            Progress.BAD_RECORDS.increment();
            output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.json(problem, line)));
            return;
        }
        PredictionRecord r = parser.record();
        long start = Math.floorDiv(r.tsMillis, slide) * slide;
        if (closed(start + slide + allowedLateness)) {
            late++;
            counts.outOfRange++;
            lateMetric.inc();
            output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.json("late: event time "
                    + Instant.ofEpochMilli(r.tsMillis) + " is in a pane that closed more than the allowed lateness ("
                    + allowedLateness + " ms) before the watermark " + Instant.ofEpochMilli(watermark), line)));
            return;
        }
        probe.model = r.model;
        probe.start = start;
        OpenPane pane = open.get(probe);
        if (pane == null) pane = openPane(r.model, start);
        if (pane.drift != null) pane.drift.update(r);
        else counts.withoutSnapshot++;
        pane.serving.add(r);
    }

    private OpenPane openPane(String model, long start) {
        if (open.size() >= maxOpenPanes) { // bound memory when event time is all over the place
            Iterator<Map.Entry<PaneKey, OpenPane>> it = open.entrySet().iterator();
            flush(it.next().getValue());
            it.remove();
        }
        ReferenceLibrary.Versioned ref = references.current(model);
        if (ref == null) {
            if (reportedWithoutSnapshot.add(model)) {
                LOG.warn("model '{}' has no reference snapshot in {}: its serving figures are computed, its drift "
                        + "is not (a snapshot added to the folder is picked up while the job runs)", model, "the reference folder");
            }
        } else {
            reportedWithoutSnapshot.remove(model);
        }
        OpenPane p = new OpenPane();
        p.end = start + slide;
        p.serving = new ServingAccumulator(model, start, start + slide);
        if (ref != null) {
            p.version = ref.version;
            p.drift = DriftPartial.forWindow(ref.snapshot, start, start + slide, false);
        }
        PaneKey key = new PaneKey();
        key.model = model;
        key.start = start;
        open.put(key, p);
        return p;
    }

    private void flush(OpenPane p) {
        long ts = p.end - 1;
        if (p.drift != null && p.drift.records() > 0) {
            for (DriftPartial d : p.drift.split(shards)) output.collect(new StreamRecord<>(new PanePartial(p.version, d), ts));
        }
        output.collect(SERVING, new StreamRecord<>(p.serving.toPartial(), ts));
    }

    private void flushAll() {
        for (OpenPane p : open.values()) flush(p);
        open.clear();
        emitCounts();
    }

    private void emitCounts() {
        if (counts.recordsIn == 0 && counts.badRecords == 0) return;
        output.collect(COUNTS, new StreamRecord<>(counts));
        counts = new PipelineCounts();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        Iterator<OpenPane> it = open.values().iterator();
        while (it.hasNext()) {
            OpenPane p = it.next();
            if (closed(p.end)) {
                flush(p);
                it.remove();
            }
        }
        emitCounts();
        super.processWatermark(mark);
    }

    /**
     * Whether event time has passed {@code end} (exclusive): a watermark W says no record with a timestamp
     * &lt;= W is to come, so a pane [start, end) is complete at W = end - 1, the very watermark at which the
     * keyed {@link PaneWindows} fires the windows ending at {@code end} (its timers are at end - 1) and drops
     * panes. Judging a pane closed only at W &gt;= end left it open for one watermark after its windows fired: its
     * partial then came later, fired the window again, and by then the window's oldest pane was gone from the
     * keyed state, so the window was written again with a pane missing.
     */
    private boolean closed(long end) {
        return watermark != Long.MIN_VALUE && end - 1 <= watermark;
    }

    /** Before each checkpoint barrier: everything open goes downstream, so this operator checkpoints nothing. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushAll();
    }

    @Override
    public void endInput() {
        flushAll();
        if (late > 0) LOG.warn("{} late records went to the dead letters", late);
    }

    private static final class OpenPane {
        long end;
        long version;
        DriftPartial drift;
        ServingAccumulator serving;
    }

    /** Mutable so a lookup allocates nothing; never mutated once it is a key in the map. */
    private static final class PaneKey {
        String model;
        long start;

        @Override
        public boolean equals(Object o) {
            return o instanceof PaneKey && ((PaneKey) o).start == start && ((PaneKey) o).model.equals(model);
        }

        @Override
        public int hashCode() {
            return model.hashCode() * 31 + Long.hashCode(start);
        }
    }
}
