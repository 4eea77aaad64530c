package io.modelwatch.multivariate;

import io.modelwatch.io.FeatureSlots;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.quality.InputChecker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A record's reconstruction error, computed once for both who need it: the window's
 * {@link MultivariateFigures} fold it in (contract 3d), and the input checks ask whether the record is a
 * multivariate outlier (3c, {@link InputChecker.OutlierTest}). The pre-aggregation hands each record to its
 * window's figures in the order they were plugged in, the multivariate figures before the input checks, so
 * {@link #compute} (against the PCA of the record's own window, whatever dated snapshot that is) leaves the
 * outlier flag for the very next {@link #outlier} call of the same record; a record whose window has no PCA
 * leaves none, and is no outlier. One per operator instance; not thread-safe.
 */
public final class MultivariateErrors implements InputChecker.OutlierTest {
    private final Map<ReconstructionModel, FeatureSlots> columns = new WeakHashMap<>();
    private double[] row = new double[0], scratch = new double[0];
    /** The last record computed (the parser reuses one record object, so it is told apart by these) and its flag. */
    private String lastModel, lastRequest;
    private long lastTs;
    private int lastFeatures;
    private boolean pending, lastOutlier;

    @Override
    public boolean outlier(PredictionRecord r) {
        if (!pending || r.model != lastModel || r.tsMillis != lastTs || r.requestId != lastRequest
                || r.featureCount != lastFeatures) {
            return false;
        }
        pending = false;
        return lastOutlier;
    }

    /** The record's error against {@code m}, its outlier flag kept for {@link #outlier}. Allocation-free. */
    public double compute(PredictionRecord r, ReconstructionModel m) {
        int f = m.featureCount();
        if (row.length < f) row = new double[f];
        if (scratch.length < m.scratchLength()) scratch = m.scratch();
        FeatureSlots columns = columnsOf(m);
        Arrays.fill(row, 0, f, Double.NaN);
        for (int k = 0; k < r.featureCount; k++) {
            if (r.featureKinds[k] != PredictionRecord.NUMBER) continue;
            int j = columns.slot(r, k);
            if (j >= 0) row[j] = r.featureNumbers[k];
        }
        double e = m.error(row, scratch);
        lastModel = r.model;
        lastRequest = r.requestId;
        lastTs = r.tsMillis;
        lastFeatures = r.featureCount;
        lastOutlier = m.outlier(e);
        pending = true;
        return e;
    }

    private FeatureSlots columnsOf(ReconstructionModel m) {
        return columns.computeIfAbsent(m, x -> {
            Map<String, Integer> index = new HashMap<>();
            for (int j = 0; j < x.featureCount(); j++) index.put(x.feature(j), j);
            return new FeatureSlots(name -> index.getOrDefault(name, -1));
        });
    }
}
