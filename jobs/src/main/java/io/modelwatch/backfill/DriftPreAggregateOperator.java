package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.preaggregate.PreAggregator;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.serving.ServingPartial;
import io.modelwatch.slo.SloSettings;
import io.modelwatch.slo.SloTap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The backfill's map-side combine, right where the lines are read: the shared {@link PreAggregator} folds each
 * good record into its model's window, and this operator sends each window on as one {@link DriftPartial}
 * per feature shard (main output), a {@link ServingPartial}, and at the end this subtask's
 * {@link PipelineCounts}; dead letters (JSON strings) go to their own output. The shuffle then carries one
 * partial per model, window and shard instead of every value.
 */
public final class DriftPreAggregateOperator extends AbstractStreamOperator<DriftPartial>
        implements OneInputStreamOperator<RawLine, DriftPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DriftPreAggregateOperator.class);

    public static final OutputTag<ServingPartial> SERVING = new OutputTag<>("serving") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("pipeline-counts") {};
    /** With labels: what the label join needs of each good prediction it counts (issue 13). */
    public static final OutputTag<io.modelwatch.performance.JoinPrediction> PREDICTIONS =
            new OutputTag<>("predictions", io.modelwatch.performance.JoinPrediction.TYPE);
    /** Each window's multivariate state (contract 3d), for models whose snapshot has a PCA. */
    public static final OutputTag<io.modelwatch.multivariate.ReconstructionPartial> MULTIVARIATE =
            new OutputTag<>("multivariate", io.modelwatch.multivariate.ReconstructionPartialSerializer.TYPE);
    /** Each window's embedding features' state (contract 3d), for models whose snapshot has embeddings. */
    public static final OutputTag<io.modelwatch.multivariate.EmbeddingWindow> EMBEDDINGS =
            new OutputTag<>("embeddings", io.modelwatch.multivariate.EmbeddingWindowSerializer.TYPE);

    private final SnapshotSource snapshots;
    private final PreAggregator.Settings settings;
    private final int shards;

    private transient PreAggregator core;
    private transient Progress progress;
    /** --slos: the per-minute good/bad counts (null without SLOs). */
    private SloSettings sloSettings;
    private boolean emitPredictions;
    /** The input checks' settings (contract 3c); the checks always run. */
    private io.modelwatch.quality.QualityConfig quality;
    private transient SloTap slos;
    private transient int multivariateFigures;

    public DriftPreAggregateOperator(SnapshotSource snapshots, long windowMillis, long fromMillis, long toMillis,
                                     boolean exact, int shards, int maxOpenWindows) {
        this.snapshots = snapshots;
        this.settings = new PreAggregator.Settings(windowMillis, PreAggregator.Settings.NO_LATENESS, exact,
                maxOpenWindows, fromMillis, toMillis);
        this.shards = shards;
    }

    /** Also sends each good prediction it counts to {@link #PREDICTIONS}, for the label join. */
    public DriftPreAggregateOperator withPredictions(boolean on) {
        this.emitPredictions = on;
        return this;
    }

    /** How the input checks judge records (null: the defaults); counts out on QualityTap.OUTPUT, anomalies on ANOMALIES. */
    public DriftPreAggregateOperator withQuality(io.modelwatch.quality.QualityConfig config) {
        this.quality = config;
        return this;
    }

    /** Also counts the SLOs' good and bad events per model and minute, out on {@link SloTap#OUTPUT}. */
    public DriftPreAggregateOperator withSlos(SloSettings settings) {
        this.sloSettings = settings;
        return this;
    }

    @Override
    public void open() throws Exception {
        super.open();
        io.modelwatch.reference.SnapshotSet set = snapshots.loadSet();
        Counter badRecords = getMetricGroup().counter("badRecords");
        progress = Progress.of(getRuntimeContext());
        if (sloSettings != null) slos = new SloTap(sloSettings, m -> output.collect(SloTap.OUTPUT, SloTap.record(m)));
        // The SLO counts are per minute, not per window: every window hands its records to the one tap.
        List<PreAggregator.FiguresFactory> more = new java.util.ArrayList<>();
        // the input checks (issue 16): each good record against its window's snapshot, counts per window
        // one reconstruction error per record for the window's figures (3d) and the outlier check (3c): the
        // figures come first and compute it, the input checks then read the same record's outlier flag
        var errors = new io.modelwatch.multivariate.MultivariateErrors();
        multivariateFigures = more.size();
        more.add(io.modelwatch.multivariate.MultivariateFigures.factory(errors));
        more.add(io.modelwatch.multivariate.EmbeddingFigures.factory());
        if (quality == null || quality.checks()) more.add(io.modelwatch.quality.QualityTap.open(quality, () -> core.reader(),
                q -> output.collect(io.modelwatch.quality.QualityTap.OUTPUT, new StreamRecord<>(q, q.windowEnd - 1)),
                a -> output.collect(io.modelwatch.quality.QualityTap.ANOMALIES, new StreamRecord<>(a, a.tsMillis)))
                .withOutlierTest(errors).factory());
        if (slos != null) more.add((model, start, end, ref) -> slos::add);
        // the label join's hook: every window hands each record it counts to the join, as it comes
        if (emitPredictions) {
            more.add((model, start, end, ref) -> r -> output.collect(PREDICTIONS,
                    new StreamRecord<>(io.modelwatch.performance.JoinPrediction.of(r), r.tsMillis)));
        }
        core = new PreAggregator(settings, (model, start) -> {
            // the newest snapshot valid at the window's start (contract 2b), the oldest for an older window
            Snapshot s = set.pick(model, null, start, LOG::info);
            return s == null ? null : new PreAggregator.Reference(s, 0);
        }, more, this::emit, deadLetter -> {
            badRecords.inc();
            output.collect(DEAD_LETTERS, new StreamRecord<>(deadLetter));
        }, "", progress);
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        core.read(element.getValue());
    }

    private void emit(PreAggregator.Window w) {
        long ts = w.end() - 1;
        if (w.drift() != null) {
            for (DriftPartial p : w.drift().split(shards)) output.collect(new StreamRecord<>(p, ts));
        }
        output.collect(SERVING, new StreamRecord<>(w.serving().toPartial(), ts));
        var mv = io.modelwatch.multivariate.MultivariateFigures.partialOf(w.figures(multivariateFigures));
        if (mv != null) output.collect(MULTIVARIATE, new StreamRecord<>(mv, ts));
        for (var e : io.modelwatch.multivariate.EmbeddingFigures.windowsOf(w.figures(multivariateFigures + 1))) {
            output.collect(EMBEDDINGS, new StreamRecord<>(e, ts));
        }
        progress.windowDone();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        core.watermark(mark.getTimestamp());
        if (slos != null) slos.onWatermark(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void endInput() throws Exception {
        core.flushAll();
        if (slos != null) slos.flushAll();
        PipelineCounts counts = core.takeCounts();
        output.collect(COUNTS, new StreamRecord<>(counts));
        if (!core.withoutReference().isEmpty()) {
            LOG.warn("{} records of models without a snapshot {}", counts.withoutSnapshot, core.withoutReference());
        }
    }
}
