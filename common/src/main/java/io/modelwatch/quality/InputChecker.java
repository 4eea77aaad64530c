package io.modelwatch.quality;

import io.modelwatch.io.FeatureSlots;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;

import java.util.Arrays;

/**
 * Checks one record at a time against its model's snapshot (contract 3c), on the parsed record the drift
 * figures read too (no second parse), with no allocation per record: out of range (outside
 * [min - m, max + m]), unseen category (exact match: {@code "DE"} is not {@code "de"}), missing required (null,
 * absent, or a non-finite number, for a feature missing in under 1 % of the reference), invalid (a value of the
 * wrong type, as the drift figures count it). Only the snapshot's input features are checked (not the
 * {@code __prediction} / {@code __confidence} columns; features the snapshot does not know are not checked).
 *
 * <p>After {@link #check} the problems of that record can be read ({@link #problems}, {@link #feature},
 * {@link #reason}, {@link #position}) until the next call: what an anomaly record is made of. Not thread-safe.
 *
 * <p>Hook: {@link OutlierTest} (multivariate outliers of contract 3d) flags a whole record; without one nothing is.
 */
public final class InputChecker {

    /** A whole-record test (the multivariate outlier of 3d); called once per checked record. */
    @FunctionalInterface
    public interface OutlierTest {
        boolean outlier(PredictionRecord r);
    }

    private final Snapshot snapshot;
    private final double[] lo, hi;
    private final boolean[] numChecked, catChecked;
    private final int[] requiredNum, requiredCat;
    private final int[] numStamp, catStamp;
    /** Where a required feature was null (or NaN) in the record stamped {@code nullStamp}: for the anomaly record. */
    private final int[] numNullAt, catNullAt, numNullStamp, catNullStamp;
    private int stamp;
    private OutlierTest outliers;
    /** Where the feature at each record position goes ({@link Snapshot#featureSlot}). */
    private final FeatureSlots slots;

    private int problems;
    private int[] problemFeature = new int[16];
    private byte[] problemReason = new byte[16];
    private int[] problemPosition = new int[16];

    public InputChecker(Snapshot snapshot, QualitySettings settings) {
        this.snapshot = snapshot;
        this.slots = new FeatureSlots(snapshot::featureSlot);
        int n = snapshot.numeric().size(), m = snapshot.categorical().size();
        lo = new double[n];
        hi = new double[n];
        numChecked = new boolean[n];
        catChecked = new boolean[m];
        int[] rn = new int[n], rc = new int[m];
        int nr = 0, cr = 0;
        for (int i = 0; i < n; i++) {
            NumericReference ref = snapshot.numeric(i);
            numChecked[i] = isInput(ref.name);
            double margin = settings.rangeMargin() * (ref.max - ref.min);
            // a reference without values (or a non-finite min/max) bounds nothing
            boolean bounded = ref.count > 0 && Double.isFinite(margin);
            lo[i] = bounded ? ref.min - margin : Double.NEGATIVE_INFINITY;
            hi[i] = bounded ? ref.max + margin : Double.POSITIVE_INFINITY;
            if (numChecked[i] && ref.count > 0 && ref.missingRate() < QualitySettings.REQUIRED_BELOW) rn[nr++] = i;
        }
        for (int c = 0; c < m; c++) {
            CategoricalReference ref = snapshot.categorical(c);
            catChecked[c] = isInput(ref.name);
            if (catChecked[c] && ref.count > 0 && ref.missingRate() < QualitySettings.REQUIRED_BELOW) rc[cr++] = c;
        }
        requiredNum = Arrays.copyOf(rn, nr);
        requiredCat = Arrays.copyOf(rc, cr);
        numStamp = new int[n];
        catStamp = new int[m];
        numNullAt = new int[n];
        catNullAt = new int[m];
        numNullStamp = new int[n];
        catNullStamp = new int[m];
    }

    private static boolean isInput(String name) {
        return !name.startsWith("__");
    }

    /** Sets the whole-record test (null: none). */
    public InputChecker withOutlierTest(OutlierTest test) {
        this.outliers = test;
        return this;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The lower bound of numeric feature i (snapshot index): min - m. */
    public double low(int i) {
        return lo[i];
    }

    /** The upper bound of numeric feature i: max + m. */
    public double high(int i) {
        return hi[i];
    }

    /**
     * Checks {@code r}, adds it to {@code counts} and, per numeric feature (snapshot index), its out-of-range values
     * to {@code outOfRangeByFeature} (may be null); returns the number of problems (0: a normal record).
     */
    public int check(PredictionRecord r, QualityCounts counts, long[] outOfRangeByFeature) {
        problems = 0;
        if (++stamp == 0) { // wrapped: old stamps could collide
            Arrays.fill(numStamp, 0);
            Arrays.fill(catStamp, 0);
            Arrays.fill(numNullStamp, 0);
            Arrays.fill(catNullStamp, 0);
            stamp = 1;
        }
        int s = stamp;
        for (int k = 0; k < r.featureCount; k++) {
            int slot = slots.slot(r, k);
            if (slot >= 0) {
                if (!numChecked[slot]) continue;
                byte kind = r.featureKinds[k];
                if (kind == PredictionRecord.NULL) { // missing: judged below, with the absent ones
                    numNullAt[slot] = k;
                    numNullStamp[slot] = s;
                    continue;
                }
                if (kind != PredictionRecord.NUMBER) {
                    problem(slot, Reason.INVALID, k);
                    counts.invalid++;
                    numStamp[slot] = s;
                    continue;
                }
                double v = r.featureNumbers[k];
                if (!Double.isFinite(v)) { // missing
                    numNullAt[slot] = k;
                    numNullStamp[slot] = s;
                    continue;
                }
                numStamp[slot] = s;
                if (v < lo[slot] || v > hi[slot]) {
                    problem(slot, Reason.OUT_OF_RANGE, k);
                    counts.outOfRange++;
                    if (outOfRangeByFeature != null) outOfRangeByFeature[slot]++;
                }
            } else if (slot != Integer.MIN_VALUE) {
                int c = -2 - slot;
                if (!catChecked[c]) continue;
                byte kind = r.featureKinds[k];
                if (kind == PredictionRecord.NULL) {
                    catNullAt[c] = k;
                    catNullStamp[c] = s;
                    continue;
                }
                catStamp[c] = s;
                if (kind != PredictionRecord.STRING && kind != PredictionRecord.BOOLEAN) {
                    problem(-1 - c, Reason.INVALID, k);
                    counts.invalid++;
                } else if (snapshot.categorical(c).categoryIndex(r.featureStrings[k]) < 0) {
                    problem(-1 - c, Reason.UNSEEN, k);
                    counts.unseen++;
                }
            }
        }
        for (int i : requiredNum) {
            if (numStamp[i] != s) {
                problem(i, Reason.MISSING_REQUIRED, numNullStamp[i] == s ? numNullAt[i] : -1);
                counts.missingRequired++;
            }
        }
        for (int c : requiredCat) {
            if (catStamp[c] != s) {
                problem(-1 - c, Reason.MISSING_REQUIRED, catNullStamp[c] == s ? catNullAt[c] : -1);
                counts.missingRequired++;
            }
        }
        if (outliers != null && outliers.outlier(r)) {
            problem(Integer.MIN_VALUE, Reason.MULTIVARIATE_OUTLIER, -1);
            counts.multivariateOutliers++;
        }
        counts.records++;
        if (problems > 0) counts.anomalous++;
        return problems;
    }

    private void problem(int feature, byte reason, int position) {
        if (problems == problemFeature.length) {
            int n = problems * 2;
            problemFeature = Arrays.copyOf(problemFeature, n);
            problemReason = Arrays.copyOf(problemReason, n);
            problemPosition = Arrays.copyOf(problemPosition, n);
        }
        problemFeature[problems] = feature;
        problemReason[problems] = reason;
        problemPosition[problems] = position;
        problems++;
    }

    /** Problems of the last record checked. */
    public int problems() {
        return problems;
    }

    /** The feature of problem j, or null for a whole-record one (a multivariate outlier). */
    public String feature(int j) {
        int f = problemFeature[j];
        if (f == Integer.MIN_VALUE) return null;
        return f >= 0 ? snapshot.numeric(f).name : snapshot.categorical(-1 - f).name;
    }

    public byte reason(int j) {
        return problemReason[j];
    }

    /** Where problem j's value is in the record's features, or -1 (absent, or a whole-record problem). */
    public int position(int j) {
        return problemPosition[j];
    }
}
