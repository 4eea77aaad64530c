package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.preaggregate.PreAggregateOperator;
import io.modelwatch.preaggregate.PreAggregator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The streaming job's hot path, chained right behind the Kafka source: the shared {@link PreAggregator} (the
 * backfill's own) folds each record into its model's current <em>pane</em>, a tumbling slide-long slice of
 * event time; an event updates exactly one pane, and the keyed {@link PaneWindows} step downstream merges the
 * last window/slide panes into each window.
 *
 * <p>Panes leave as partials (one per feature shard) when the watermark closes them (at pane end - 1), when the
 * input ends, and before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}): the operator then holds
 * no state of its own at a checkpoint, everything it has counted so far is in the keyed pane state downstream,
 * and the source's offsets in the same checkpoint say where to resume. Merging is addition, so a pane flushed
 * in several parts gives the same window (floating-point sums up to rounding).
 *
 * <p>A record whose pane closed more than the allowed lateness ago (pane end - 1 + allowed lateness &lt;=
 * watermark) is late: it goes to the dead letters with the reason, is counted as late (metric
 * {@code lateRecords}, the pipeline point's late_records) and is in none of its windows. A record within the
 * allowed lateness reopens its pane, and the windows containing it are computed again (the same series and
 * time, so InfluxDB keeps the new values).
 *
 * <p>The hooks and side outputs are {@link PreAggregateOperator}'s, the backfill's too.
 */
final class PaneAggregateOperator extends PreAggregateOperator<PanePartial> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaneAggregateOperator.class);

    private final ReferenceLibrary references;
    private final int shards;
    /** The window length the panes make up (the slide: tumbling windows, one pane each). */
    private long window;

    private transient Counter badMetric, lateMetric;

    public PaneAggregateOperator(ReferenceLibrary references, long slide, long allowedLateness, int shards,
                                 int maxOpenPanes) {
        super(new PreAggregator.Settings(slide, allowedLateness, false, maxOpenPanes, Long.MIN_VALUE, Long.MAX_VALUE));
        this.references = references;
        this.shards = shards;
        this.window = slide;
    }

    /** The length of the windows the panes make up, so a pane is folded against each dated snapshot they use. */
    public PaneAggregateOperator withWindow(long windowMillis) {
        this.window = windowMillis;
        return this;
    }

    @Override
    public void open() throws Exception {
        badMetric = getMetricGroup().counter("badRecords");
        lateMetric = getMetricGroup().counter("lateRecords");
        super.open();
        core.recycleDrift();
    }

    @Override
    protected PreAggregator.References references() {
        return new PreAggregator.References() {
            @Override
            public PreAggregator.Reference current(String model, long start) {
                List<PreAggregator.Reference> all = all(model, start);
                return all.isEmpty() ? null : all.get(0);
            }

            // a pane is part of window/slide windows, which may use different dated snapshots (contract 2b)
            @Override
            public List<PreAggregator.Reference> all(String model, long paneStart) {
                return references.forPane(model, paneStart, window, settings.length());
            }
        };
    }

    /**
     * The stream cannot read its input twice to find the segments first: a model's segments that have their own
     * snapshot (built with the same key) come first, so every reader agrees on them; further values take the
     * places left as each reader first sees them (contract 2b; docs/segments.md says what that means past the cap).
     */
    @Override
    protected io.modelwatch.segment.Segmentation segmentation() {
        io.modelwatch.segment.Segmentation s = super.segmentation();
        return s == null || s.closed() ? s : s.seededWith(references.segments());
    }

    @Override
    protected String withoutReferenceNote() {
        return " (a snapshot added to the reference folder is picked up while the job runs)";
    }

    @Override
    protected void emit(PreAggregator.Window w) {
        long ts = w.end() - 1;
        if (w.drift() != null && w.drift().records() > 0) {
            for (int i = 0; i < w.references().size(); i++) {
                PreAggregator.Reference r = w.references().get(i);
                // Views, serialized as they are emitted: no copy of the pane, which the core then reuses (recycleDrift).
                DriftPartial d = w.drift(i);
                int n = d.shardCount(shards);
                for (int s = 0; s < n; s++) {
                    output.collect(new StreamRecord<>(PanePartial.shardOf(r.version(), d, n, s, r.servesFrom(), r.servesUntil()), ts));
                }
            }
        }
        output.collect(SERVING, new StreamRecord<>(w.serving().toPartial(), ts));
        var mv = multivariateOf(w);
        if (mv != null && mv.records() > 0) output.collect(MULTIVARIATE, new StreamRecord<>(mv, ts));
        for (var e : embeddingsOf(w)) {
            if (e.records() > 0) output.collect(EMBEDDINGS, new StreamRecord<>(e, ts));
        }
    }

    /** The counts since the last call go downstream (the pipeline point) and into the metrics. */
    private void emitCounts() {
        PipelineCounts counts = core.takeCounts();
        badMetric.inc(counts.badRecords);
        lateMetric.inc(counts.late);
        if (counts.recordsIn == 0 && counts.badRecords == 0) return;
        output.collect(COUNTS, new StreamRecord<>(counts));
    }

    @Override
    protected void afterWatermark() {
        emitCounts();
    }

    /** Before each checkpoint barrier: everything open goes downstream, so this operator checkpoints nothing. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushOpen();
        emitCounts();
    }

    @Override
    public void endInput() throws Exception {
        flushOpen();
        emitCounts();
        if (core.lateTotal() > 0) LOG.warn("{} late records went to the dead letters", core.lateTotal());
    }
}
