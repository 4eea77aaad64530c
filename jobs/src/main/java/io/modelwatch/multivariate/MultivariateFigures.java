package io.modelwatch.multivariate;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.preaggregate.PreAggregator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The hot path of multivariate drift (contract 3d), plugged into the shared pre-aggregation as one more
 * {@link PreAggregator.Figures}: each good record of a window is laid out as the row of its reference's PCA
 * features (a reused array; absent, null or non-finite: missing), its reconstruction error computed (one
 * k x F pass, no allocation) and folded into the window's {@link ReconstructionPartial}, counting the
 * multivariate outliers. A model whose snapshot has no PCA gets no figures.
 */
public final class MultivariateFigures implements PreAggregator.Figures {
    /** Nothing to do: a model without a reference or without a PCA in it. */
    private static final PreAggregator.Figures NONE = r -> {};

    private final ReconstructionModel model;
    private final Map<String, Integer> index;
    private final double[] row, scratch;
    private final ReconstructionPartial partial;

    private MultivariateFigures(String name, long start, long end, ReconstructionModel model, Map<String, Integer> index) {
        this.model = model;
        this.index = index;
        this.row = new double[model.featureCount()];
        this.scratch = model.scratch();
        this.partial = ReconstructionPartial.forWindow(name, start, end, model);
    }

    @Override
    public void update(PredictionRecord r) {
        Arrays.fill(row, Double.NaN);
        for (int k = 0; k < r.featureCount; k++) {
            if (r.featureKinds[k] != PredictionRecord.NUMBER) continue;
            Integer j = index.get(r.featureNames[k]);
            if (j != null) row[j] = r.featureNumbers[k];
        }
        double e = model.error(row, scratch);
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

    /** The factory the pre-aggregation opens each window's figures with; it keeps one index per reference. */
    public static PreAggregator.FiguresFactory factory() {
        return new Factory();
    }

    private static final class Factory implements PreAggregator.FiguresFactory {
        private static final long serialVersionUID = 1L;
        private transient Map<ReconstructionModel, Map<String, Integer>> indexes;

        @Override
        public PreAggregator.Figures open(String model, long start, long end, PreAggregator.Reference ref) {
            if (ref == null || ref.snapshot().multivariate() == null) return NONE;
            ReconstructionModel m = ref.snapshot().multivariate().reconstruction;
            if (m == null) return NONE;
            if (indexes == null) indexes = new java.util.WeakHashMap<>(); // a reloaded snapshot's old model may go
            Map<String, Integer> index = indexes.computeIfAbsent(m, x -> {
                Map<String, Integer> i = new HashMap<>();
                // interned, as the parser's names are: lookups hit on identity
                for (int j = 0; j < x.featureCount(); j++) i.put(x.feature(j).intern(), j);
                return i;
            });
            return new MultivariateFigures(model, start, end, m, index);
        }
    }

    /** The window's {@code multivariate_drift} point (contract section 4). */
    public static Point toPoint(ReconstructionPartial p, String windowTag) {
        Point.Builder b = Point.builder("multivariate_drift")
                .tag("model", p.model())
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
