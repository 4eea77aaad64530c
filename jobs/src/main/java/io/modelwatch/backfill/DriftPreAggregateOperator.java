package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.preaggregate.PreAggregateOperator;
import io.modelwatch.preaggregate.PreAggregator;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotSet;
import io.modelwatch.serving.ServingPartial;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's map-side combine, right where the lines are read: the shared {@link PreAggregator} folds each
 * good record into its model's window, and this operator sends each window on as one {@link DriftPartial}
 * per feature shard (main output), a {@link ServingPartial}, and at the end this subtask's
 * {@link PipelineCounts}; dead letters (JSON strings) go to their own output. The shuffle then carries one
 * partial per model, window and shard instead of every value. The hooks and side outputs are
 * {@link PreAggregateOperator}'s, the stream's too.
 */
public final class DriftPreAggregateOperator extends PreAggregateOperator<DriftPartial> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DriftPreAggregateOperator.class);

    private final SnapshotSource snapshots;
    private final int shards;

    private transient Counter badRecords;

    public DriftPreAggregateOperator(SnapshotSource snapshots, long windowMillis, long fromMillis, long toMillis,
                                     boolean exact, int shards, int maxOpenWindows) {
        super(new PreAggregator.Settings(windowMillis, PreAggregator.Settings.NO_LATENESS, exact, maxOpenWindows,
                fromMillis, toMillis));
        this.snapshots = snapshots;
        this.shards = shards;
    }

    @Override
    public void open() throws Exception {
        badRecords = getMetricGroup().counter("badRecords");
        super.open();
    }

    @Override
    protected PreAggregator.References references() throws Exception {
        SnapshotSet set = snapshots.loadSet();
        return (model, start) -> {
            // the newest snapshot valid at the window's start (contract 2b), the oldest for an older window
            // (a segment's series: its own snapshot where the folder has one built with the same key, else the model's)
            Snapshot s = set.pickSeries(model, start, LOG::info);
            return s == null ? null : new PreAggregator.Reference(s, 0);
        };
    }

    @Override
    protected void deadLetter(String json) {
        badRecords.inc();
        super.deadLetter(json);
    }

    @Override
    protected void emit(PreAggregator.Window w) {
        long ts = w.end() - 1;
        if (w.drift() != null) {
            for (DriftPartial p : w.drift().split(shards)) output.collect(new StreamRecord<>(p, ts));
        }
        output.collect(SERVING, new StreamRecord<>(w.serving().toPartial(), ts));
        var mv = multivariateOf(w);
        if (mv != null) output.collect(MULTIVARIATE, new StreamRecord<>(mv, ts));
        for (var e : embeddingsOf(w)) output.collect(EMBEDDINGS, new StreamRecord<>(e, ts));
        progress.windowDone();
    }

    @Override
    public void endInput() throws Exception {
        flushOpen();
        PipelineCounts counts = core.takeCounts();
        output.collect(COUNTS, new StreamRecord<>(counts));
        if (!core.withoutReference().isEmpty()) {
            LOG.warn("{} records of models without a snapshot {}", counts.withoutSnapshot, core.withoutReference());
        }
    }
}
