package io.modelwatch.stream;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.preaggregate.PreAggregator;
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
 */
final class PaneAggregateOperator extends AbstractStreamOperator<PanePartial>
        implements OneInputStreamOperator<RawLine, PanePartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaneAggregateOperator.class);

    /** Each pane's multivariate state (contract 3d), for models whose snapshot has a PCA. */
    public static final OutputTag<io.modelwatch.multivariate.ReconstructionPartial> MULTIVARIATE =
            new OutputTag<>("multivariate", io.modelwatch.multivariate.ReconstructionPartialSerializer.TYPE);
    /** Each pane's embedding features' state (contract 3d), for models whose snapshot has embeddings. */
    public static final OutputTag<io.modelwatch.multivariate.EmbeddingWindow> EMBEDDINGS =
            new OutputTag<>("embeddings", io.modelwatch.multivariate.EmbeddingWindowSerializer.TYPE);
    public static final OutputTag<ServingPartial> SERVING = new OutputTag<>("serving") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("pipeline-counts") {};
    /** With labels: what the label join needs of each good prediction it counts (issue 13). */
    public static final OutputTag<io.modelwatch.performance.JoinPrediction> PREDICTIONS =
            new OutputTag<>("predictions", io.modelwatch.performance.JoinPrediction.TYPE);

    private final ReferenceLibrary references;
    private final PreAggregator.Settings settings;
    private final int shards;
    /** The window length the panes make up (the slide: tumbling windows, one pane each). */
    private long window;

    private transient PreAggregator core;
    private transient Counter badMetric, lateMetric;
    /** --slos: the per-minute good/bad counts (null without SLOs). */
    private SloSettings sloSettings;
    private boolean emitPredictions;
    /** The input checks' settings (contract 3c); the checks always run. */
    private io.modelwatch.quality.QualityConfig quality;
    private transient SloTap slos;

    public PaneAggregateOperator(ReferenceLibrary references, long slide, long allowedLateness, int shards,
                                 int maxOpenPanes) {
        this.references = references;
        this.settings = new PreAggregator.Settings(slide, allowedLateness, false, maxOpenPanes, Long.MIN_VALUE,
                Long.MAX_VALUE);
        this.shards = shards;
        this.window = slide;
    }

    /** The length of the windows the panes make up, so a pane is folded against each dated snapshot they use. */
    public PaneAggregateOperator withWindow(long windowMillis) {
        this.window = windowMillis;
        return this;
    }

    /** Also sends each good prediction it counts to {@link #PREDICTIONS}, for the label join. */
    public PaneAggregateOperator withPredictions(boolean on) {
        this.emitPredictions = on;
        return this;
    }

    /** How the input checks judge records (null: the defaults); counts out on QualityTap.OUTPUT, anomalies on ANOMALIES. */
    public PaneAggregateOperator withQuality(io.modelwatch.quality.QualityConfig config) {
        this.quality = config;
        return this;
    }

    /** Also counts the SLOs' good and bad events per model and minute, out on {@link SloTap#OUTPUT}. */
    public PaneAggregateOperator withSlos(SloSettings settings) {
        this.sloSettings = settings;
        return this;
    }

    private transient int multivariateFigures;

    @Override
    public void open() throws Exception {
        super.open();
        badMetric = getMetricGroup().counter("badRecords");
        lateMetric = getMetricGroup().counter("lateRecords");
        if (sloSettings != null) slos = new SloTap(sloSettings, m -> output.collect(SloTap.OUTPUT, SloTap.record(m)));
        // The SLO counts are per minute, not per pane: every pane hands its records to the one tap.
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
        core = new PreAggregator(settings, new PreAggregator.References() {
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
        }, more, this::emit, deadLetter -> output.collect(DEAD_LETTERS, new StreamRecord<>(deadLetter)),
                " (a snapshot added to the reference folder is picked up while the job runs)",
                Progress.of(getRuntimeContext())).recycleDrift();
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        core.read(element.getValue());
    }

    private void emit(PreAggregator.Window w) {
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
        var mv = io.modelwatch.multivariate.MultivariateFigures.partialOf(w.figures(multivariateFigures));
        if (mv != null && mv.records() > 0) output.collect(MULTIVARIATE, new StreamRecord<>(mv, ts));
        for (var e : io.modelwatch.multivariate.EmbeddingFigures.windowsOf(w.figures(multivariateFigures + 1))) {
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
    public void processWatermark(Watermark mark) throws Exception {
        core.watermark(mark.getTimestamp());
        if (slos != null) slos.onWatermark(mark.getTimestamp());
        emitCounts();
        super.processWatermark(mark);
    }

    /** Before each checkpoint barrier: everything open goes downstream, so this operator checkpoints nothing. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        core.flushAll();
        if (slos != null) slos.flushAll();
        emitCounts();
    }

    @Override
    public void endInput() throws Exception {
        core.flushAll();
        if (slos != null) slos.flushAll();
        emitCounts();
        if (core.lateTotal() > 0) LOG.warn("{} late records went to the dead letters", core.lateTotal());
    }
}
