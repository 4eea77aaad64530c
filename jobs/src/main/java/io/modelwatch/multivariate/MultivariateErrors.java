package io.modelwatch.multivariate;

import io.modelwatch.io.PredictionRecord;
import io.modelwatch.preaggregate.PreAggregator;
import io.modelwatch.quality.InputChecker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A record's reconstruction error, computed once for both who need it: the input checks ask whether the
 * record is a multivariate outlier (contract 3c, {@link InputChecker.OutlierTest}) and the window's
 * {@link MultivariateFigures} fold the error in. The pre-aggregation hands each record to its window's
 * figures in order, input checks first, so the error the test computed is kept for the very next
 * {@link #take} of the same model's PCA; without a test first (no input checks) {@link #take} computes it.
 * One per operator instance; not thread-safe.
 */
public final class MultivariateErrors implements InputChecker.OutlierTest {
    private final PreAggregator.References references;
    private final Map<ReconstructionModel, Map<String, Integer>> indexes = new WeakHashMap<>();
    private double[] row = new double[0], scratch = new double[0];
    private ReconstructionModel stashed;
    private double stashedError;

    /** @param references the same lookup the pre-aggregation uses (the model's current snapshot) */
    public MultivariateErrors(PreAggregator.References references) {
        this.references = references;
    }

    @Override
    public boolean outlier(PredictionRecord r) {
        PreAggregator.Reference ref = references.current(r.model);
        if (ref == null || ref.snapshot().multivariate() == null) return false;
        ReconstructionModel m = ref.snapshot().multivariate().reconstruction;
        if (m == null) return false;
        stashedError = compute(r, m);
        stashed = m;
        return m.outlier(stashedError);
    }

    /** The record's error against {@code m}: the one {@link #outlier} just computed, or computed now. */
    public double take(PredictionRecord r, ReconstructionModel m) {
        if (stashed == m) {
            stashed = null;
            return stashedError;
        }
        return compute(r, m);
    }

    Map<String, Integer> index(ReconstructionModel m) {
        return indexes.computeIfAbsent(m, x -> {
            Map<String, Integer> i = new HashMap<>();
            // interned, as the parser's names are: lookups hit on identity
            for (int j = 0; j < x.featureCount(); j++) i.put(x.feature(j).intern(), j);
            return i;
        });
    }

    private double compute(PredictionRecord r, ReconstructionModel m) {
        int f = m.featureCount();
        if (row.length < f) row = new double[f];
        if (scratch.length < f) scratch = new double[f];
        Map<String, Integer> index = index(m);
        Arrays.fill(row, 0, f, Double.NaN);
        for (int k = 0; k < r.featureCount; k++) {
            if (r.featureKinds[k] != PredictionRecord.NUMBER) continue;
            Integer j = index.get(r.featureNames[k]);
            if (j != null) row[j] = r.featureNumbers[k];
        }
        return m.error(row, scratch);
    }
}
