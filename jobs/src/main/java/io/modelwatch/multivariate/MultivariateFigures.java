package io.modelwatch.multivariate;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.preaggregate.PreAggregator;


/**
 * The hot path of multivariate drift (contract 3d), plugged into the shared pre-aggregation as one more
 * {@link PreAggregator.Figures}: each good record of a window gets its reconstruction error from
 * {@link MultivariateErrors} (its row laid out in a reused array, one k x F pass, no allocation; shared with
 * the input checks' outlier test) and folds it into the window's {@link ReconstructionPartial}, counting the
 * multivariate outliers. A model whose snapshot has no PCA gets no figures.
 */
public final class MultivariateFigures implements PreAggregator.Figures {
    /** Nothing to do: a model without a reference or without a PCA in it. */
    private static final PreAggregator.Figures NONE = r -> {};

    private final ReconstructionModel model;
    private final MultivariateErrors errors;
    private final ReconstructionPartial partial;

    private MultivariateFigures(String name, long start, long end, ReconstructionModel model, MultivariateErrors errors,
                                long version) {
        this.model = model;
        this.errors = errors;
        this.partial = ReconstructionPartial.forWindow(name, start, end, model, version);
    }

    @Override
    public void update(PredictionRecord r) {
        double e = errors.compute(r, model);
        partial.update(e, model.outlier(e));
    }

    /** The window's state so far. */
    public ReconstructionPartial partial() {
        return partial;
    }

    /** The window's partial, or null where these are not multivariate figures. */
    public static ReconstructionPartial partialOf(PreAggregator.Figures f) {
        return f instanceof MultivariateFigures m ? m.partial : null;
    }

    /**
     * The factory the pre-aggregation opens each window's figures with; {@code errors} is shared with the
     * input checks' outlier test (the operator makes it in {@code open}, so the factory is not serialized
     * with it).
     */
    public static PreAggregator.FiguresFactory factory(MultivariateErrors errors) {
        return (model, start, end, ref) -> {
            if (ref == null || ref.snapshot().multivariate() == null) return NONE;
            ReconstructionModel m = ref.snapshot().multivariate().reconstruction;
            return m == null ? NONE : new MultivariateFigures(model, start, end, m, errors, ref.version());
        };
    }

    /** The window's {@code multivariate_drift} point (contract section 4). */
    public static Point toPoint(ReconstructionPartial p, String windowTag) {
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("multivariate_drift"), p.model())
                .tag("window", windowTag)
                .intField("records", p.records())
                .intField("components", p.components());
        if (p.records() > 0) b.field("reconstruction_error", p.meanError());
        if (Double.isFinite(p.threshold())) {
            b.field("threshold", p.threshold());
            if (p.records() > 0) b.field("drifted", p.drifted());
        }
        return b.timeMillis(p.windowEnd()).build();
    }
}
