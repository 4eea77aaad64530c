package io.modelwatch.preaggregate;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.multivariate.EmbeddingFigures;
import io.modelwatch.multivariate.EmbeddingWindow;
import io.modelwatch.multivariate.EmbeddingWindowSerializer;
import io.modelwatch.multivariate.MultivariateErrors;
import io.modelwatch.multivariate.MultivariateFigures;
import io.modelwatch.multivariate.ReconstructionPartial;
import io.modelwatch.multivariate.ReconstructionPartialSerializer;
import io.modelwatch.performance.JoinPrediction;
import io.modelwatch.quality.QualityConfig;
import io.modelwatch.quality.QualityTap;
import io.modelwatch.serving.ServingPartial;
import io.modelwatch.slo.SloSettings;
import io.modelwatch.slo.SloTap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * What the backfill's and the stream's pre-aggregation operators share, so that both plug the same hooks into
 * their {@link PreAggregator} in the same order: the multivariate and embedding figures (contract 3d), the input
 * checks (3c, issue 16), the SLOs' per-minute counts and, with labels, the predictions for the label join
 * (issue 13). The side outputs are the same for both, and so are their names.
 *
 * <p>A subclass says where a window's references come from ({@link #references}), what a leaving window becomes
 * ({@link #emit}) and when the counts go out: the backfill's windows are final and its counts go out once at the
 * end, the stream's windows are panes that are merged downstream and its counts go out with every watermark.
 */
public abstract class PreAggregateOperator<OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<RawLine, OUT>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ServingPartial> SERVING = new OutputTag<>("serving") {};
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<PipelineCounts> COUNTS = new OutputTag<>("pipeline-counts") {};
    /** With labels: what the label join needs of each good prediction it counts (issue 13). */
    public static final OutputTag<JoinPrediction> PREDICTIONS = new OutputTag<>("predictions", JoinPrediction.TYPE);
    /** Each window's multivariate state (contract 3d), for models whose snapshot has a PCA. */
    public static final OutputTag<ReconstructionPartial> MULTIVARIATE =
            new OutputTag<>("multivariate", ReconstructionPartialSerializer.TYPE);
    /** Each window's embedding features' state (contract 3d), for models whose snapshot has embeddings. */
    public static final OutputTag<EmbeddingWindow> EMBEDDINGS =
            new OutputTag<>("embeddings", EmbeddingWindowSerializer.TYPE);

    /** Where the hooks' figures stand in each window ({@link PreAggregator.Window#figures}): open() adds them first. */
    private static final int MULTIVARIATE_FIGURES = 0, EMBEDDING_FIGURES = 1;
    private static final PreAggregator.FiguresFactory NO_FIGURES = (model, start, end, ref) -> r -> {};

    protected final PreAggregator.Settings settings;
    /** --slos: the per-minute good/bad counts (null without SLOs). */
    private SloSettings sloSettings;
    private boolean emitPredictions;
    /** The input checks' settings (contract 3c); null: the defaults (the checks always run unless turned off). */
    private QualityConfig quality;
    /** Only the drift and serving figures (see {@link #driftOnly}). */
    private boolean driftOnly;

    protected transient PreAggregator core;
    protected transient Progress progress;
    private transient SloTap slos;

    protected PreAggregateOperator(PreAggregator.Settings settings) {
        this.settings = settings;
    }

    /** Also sends each good prediction it counts to {@link #PREDICTIONS}, for the label join. */
    public PreAggregateOperator<OUT> withPredictions(boolean on) {
        this.emitPredictions = on;
        return this;
    }

    /** How the input checks judge records (null: the defaults); counts out on QualityTap.OUTPUT, anomalies on ANOMALIES. */
    public PreAggregateOperator<OUT> withQuality(QualityConfig config) {
        this.quality = config;
        return this;
    }

    /**
     * Folds only the drift and serving figures: no multivariate or embedding figures and no input checks. For a
     * reader that keeps only the drift partials (the reference's calibration pass): the reconstruction error of
     * every record is most of the cost where features are many (5,000 features: two thirds of a backfill's CPU).
     * The partials then carry no out-of-range counts (the input checks add them), which the calibration does not
     * use ({@code FeatureDrift.calibrationValues}); the serving figures are still folded, being the core's own.
     */
    public PreAggregateOperator<OUT> driftOnly() {
        this.driftOnly = true;
        return this;
    }

    /** Also counts the SLOs' good and bad events per model and minute, out on {@link SloTap#OUTPUT}. */
    public PreAggregateOperator<OUT> withSlos(SloSettings settings) {
        this.sloSettings = settings;
        return this;
    }

    /** --segment-by (contract 2b); null: each record is its model's. */
    private io.modelwatch.segment.Segmentation segmentation;

    /** Folds each record into its segment's windows (contract 2b); null: not segmented. */
    public PreAggregateOperator<OUT> withSegments(io.modelwatch.segment.Segmentation segmentation) {
        this.segmentation = segmentation;
        return this;
    }

    /** The segmentation the core uses, called once in {@link #open} after {@link #references}; the stream seeds it. */
    protected io.modelwatch.segment.Segmentation segmentation() {
        return segmentation;
    }

    /** Where each window's references come from; called once, in {@link #open}. */
    protected abstract PreAggregator.References references() throws Exception;

    /** Receives each window as it leaves the core. */
    protected abstract void emit(PreAggregator.Window w) throws Exception;

    /** Said after the warning about a model without a reference (may be empty). */
    protected String withoutReferenceNote() {
        return "";
    }

    /** A dead letter (its JSON line) goes to {@link #DEAD_LETTERS}. */
    protected void deadLetter(String json) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(json));
    }

    /** After the core and the SLO tap have seen a watermark, before it goes on downstream. */
    protected void afterWatermark() {}

    @Override
    public void open() throws Exception {
        super.open();
        progress = Progress.of(getRuntimeContext());
        // The SLO counts are per minute, not per window: every window hands its records to the one tap.
        if (sloSettings != null) slos = new SloTap(sloSettings, m -> output.collect(SloTap.OUTPUT, SloTap.record(m)));
        List<PreAggregator.FiguresFactory> hooks = new ArrayList<>();
        // one reconstruction error per record for the window's figures (3d) and the outlier check (3c): the
        // figures come first and compute it, the input checks then read the same record's outlier flag
        var errors = new MultivariateErrors();
        // drift only: the two places stay (they are indexes into a window's figures) and hold no figures
        hooks.add(MULTIVARIATE_FIGURES, driftOnly ? NO_FIGURES : MultivariateFigures.factory(errors));
        hooks.add(EMBEDDING_FIGURES, driftOnly ? NO_FIGURES : EmbeddingFigures.factory());
        // the input checks (issue 16): each good record against its window's snapshot, counts per window
        if (!driftOnly && (quality == null || quality.checks())) hooks.add(QualityTap.open(quality, () -> core.reader(),
                q -> output.collect(QualityTap.OUTPUT, new StreamRecord<>(q, q.windowEnd - 1)),
                a -> output.collect(QualityTap.ANOMALIES, new StreamRecord<>(a, a.tsMillis)))
                .withOutlierTest(errors).factory());
        if (slos != null) hooks.add((model, start, end, ref) -> slos::add);
        // the label join's hook: every window hands each record it counts to the join, as it comes
        if (emitPredictions) {
            // the window's series (a segment's, contract 2b): its figures are that segment's; the join is by model
            hooks.add((model, start, end, ref) -> r -> output.collect(PREDICTIONS,
                    new StreamRecord<>(JoinPrediction.of(r, model), r.tsMillis)));
        }
        core = new PreAggregator(settings, references(), hooks, this::emit, this::deadLetter, withoutReferenceNote(),
                progress).withSegments(segmentation());
    }

    /** The window's multivariate state, null for a model whose snapshot has no PCA. */
    protected static ReconstructionPartial multivariateOf(PreAggregator.Window w) {
        return MultivariateFigures.partialOf(w.figures(MULTIVARIATE_FIGURES));
    }

    /** The window's embedding features' states, none for a model whose snapshot has no embeddings. */
    protected static List<EmbeddingWindow> embeddingsOf(PreAggregator.Window w) {
        return EmbeddingFigures.windowsOf(w.figures(EMBEDDING_FIGURES));
    }

    @Override
    public void processElement(StreamRecord<RawLine> element) throws Exception {
        core.read(element.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        core.watermark(mark.getTimestamp());
        if (slos != null) slos.onWatermark(mark.getTimestamp());
        afterWatermark();
        super.processWatermark(mark);
    }

    /** Every open window and SLO minute goes downstream (end of input, or before a checkpoint barrier). */
    protected final void flushOpen() throws Exception {
        core.flushAll();
        if (slos != null) slos.flushAll();
    }
}
