package io.modelwatch.drift;

import io.modelwatch.influx.Point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The step that needs every feature of a model's window: Benjamini-Hochberg q-values over the numeric input
 * features that have statistics, drift scores and levels, and the {@code feature_drift} and
 * {@code model_drift} points (contract sections 3 and 4).
 */
public final class WindowDriftScorer {
    private WindowDriftScorer() {}

    /** Scores the features of one model and window in place and returns their points plus the model point. */
    public static List<Point> score(List<FeatureDrift> features, DriftSettings settings, String windowTag) {
        features.sort(Comparator.comparing(f -> f.feature));
        List<FeatureDrift> tested = new ArrayList<>();
        for (FeatureDrift f : features) {
            if (!f.categorical && f.hasStatistics && f.isInputFeature() && !Double.isNaN(f.ksPvalue)) tested.add(f);
        }
        double[] p = new double[tested.size()];
        for (int i = 0; i < p.length; i++) p[i] = tested.get(i).ksPvalue;
        double[] q = BenjaminiHochberg.adjust(p);
        for (int i = 0; i < q.length; i++) tested.get(i).ksQvalue = q[i];
        // The model-behaviour columns (__prediction, __confidence) are outside the input features' family:
        // each is its own family of one, where the q-value is the p-value.
        for (FeatureDrift f : features) {
            if (!f.categorical && f.hasStatistics && !f.isInputFeature()) f.ksQvalue = f.ksPvalue;
        }

        List<Point> points = new ArrayList<>(features.size() + 1);
        int scored = 0, drifted = 0, high = 0, medium = 0, alerted = 0;
        boolean calibrated = false;
        long windowEnd = 0;
        String model = null, reference = null;
        for (FeatureDrift f : features) {
            model = f.model;
            windowEnd = f.windowEnd;
            if (f.reference != null) reference = f.reference;
            if (f.calibrated) {
                calibrated = true;
                if (f.driftAlert) alerted++;
            }
            if (f.hasStatistics) {
                f.driftScore = f.categorical
                        ? DriftScore.score(f.psi, f.chi2Pvalue, settings.alpha)
                        : DriftScore.score(f.psi, f.ksQvalue, settings.alpha, f.meanShift, f.stdShift);
                f.driftLevel = DriftScore.level(f.driftScore);
                scored++;
                if (!"low".equals(f.driftLevel)) drifted++;
                if ("high".equals(f.driftLevel)) high++;
                if ("medium".equals(f.driftLevel)) medium++;
            }
            points.add(featurePoint(f, windowTag));
        }
        if (model != null) {
            // the model's series: the model tag, and a segment's tag (contract 2b)
            Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("model_drift"), model)
                    .tag("window", windowTag);
            if (reference != null) b.field("reference", reference);
            // alerted: only where the snapshot had thresholds, so 0 means "none beyond", never "not calibrated"
            if (calibrated) b.intField("alerted", alerted);
            points.add(b
                    .intField("features", scored)
                    .intField("drifted", drifted)
                    .intField("high", high)
                    .intField("medium", medium)
                    .field("drift_share", scored == 0 ? 0 : (double) drifted / scored)
                    .timeMillis(windowEnd)
                    .build());
        }
        return points;
    }

    static Point featurePoint(FeatureDrift f, String windowTag) {
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("feature_drift"), f.model)
                .tag("feature", f.feature)
                .tag("window", windowTag)
                .tag("kind", f.categorical ? "categorical" : "numeric")
                .intField("count", f.count)
                .intField("missing", f.missing)
                .intField("invalid", f.invalid)
                .field("missing_rate", f.missingRate)
                .field("missing_shift", f.missingShift);
        if (f.reference != null) b.field("reference", f.reference);
        if (f.calibrated) b.field("drift_alert", f.driftAlert).field("drift_alert_by", f.driftAlertBy);
        // contract 3c: the input checks' counts, on input features (the __ columns are not checked)
        if (f.isInputFeature()) {
            if (f.categorical) b.intField("unseen", f.unseen);
            else b.intField("out_of_range", f.outOfRange);
        }
        if (f.hasStatistics) {
            b.field("psi", f.psi);
            if (f.categorical) {
                b.field("chi2_stat", f.chi2Stat).field("chi2_pvalue", f.chi2Pvalue);
            } else {
                b.field("ks_stat", f.ksStat)
                        .field("ks_pvalue", f.ksPvalue)
                        .field("ks_qvalue", f.ksQvalue)
                        .field("wasserstein", f.wasserstein)
                        .field("mean_shift", f.meanShift)
                        .field("std_shift", f.stdShift)
                        .field("mean", f.mean)
                        .field("std", f.std)
                        .field("degenerate", f.degenerate);
            }
            b.intField("drift_score", f.driftScore).field("drift_level", f.driftLevel);
        }
        return b.timeMillis(f.windowEnd).build();
    }
}
