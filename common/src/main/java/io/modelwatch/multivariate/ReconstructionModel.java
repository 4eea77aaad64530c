package io.modelwatch.multivariate;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.Arrays;

/**
 * The PCA of a model's joint sample and what a record's reconstruction error is against it (contract 3d).
 *
 * <p>A row x of the F numeric features is standardised with the reference mean and std (ddof = 0) of each
 * feature: z = (x - mean) / std, a missing value becomes the mean (z = 0), a feature with std 0 is divided by
 * 1 (so it contributes 0 while it stays constant, and its raw change once it moves). The PCA centres the
 * standardised sample by its own mean c (as sklearn's PCA, which NannyML uses, does), takes the SVD of the
 * centred n x F matrix and keeps the fewest k components whose explained variance ratios sum to at least
 * 0.9. The error of a row is ||y - V_k^T V_k y|| with y = z - c, computed as sqrt(||y||^2 - ||V_k y||^2)
 * since the rows of V_k are orthonormal: one k x F pass per record and no reconstruction vector. Where the
 * sample has more rows than features the SVD gives a whole orthonormal basis of the F dimensions, and the
 * error is also the norm of y's projection on the F - k discarded components W: sqrt(||W y||^2). That pass
 * is (F - k) x F, cheaper whenever F - k < k (many features of little correlation keep most components), and
 * it is kept as well ({@link #residualComponents}) and used then.
 *
 * <p>SVD from commons-math3 rather than EJML: it is already a dependency of common (no new jar in the shaded
 * job), the decomposition runs once per reference build, never per record, and its accuracy (Golub-Kahan,
 * double precision) meets the 1e-6 the golden test asks; EJML would only be faster at a step that is not
 * on the hot path. The per-record projection is a plain loop over a flat array here.
 *
 * <p>Immutable; {@link #error} is allocation-free given a scratch array, and thread-safe per scratch.
 */
public final class ReconstructionModel {
    /** The share of the variance the kept components explain at least (contract 3d). */
    public static final double VARIANCE_KEPT = 0.9;

    private final String[] features;
    private final double[] mean, div, center;
    private final int k;
    /** k x F, row after row. */
    private final double[] components;
    private final double[] explained;
    /** (F - k) x F, the discarded components, where they span the rest of the space and are fewer; else null. */
    private final double[] residual;
    private final double chunkMean, chunkStd, outlierThreshold;
    private final int chunks;
    private final int sampleRows;

    public ReconstructionModel(String[] features, double[] mean, double[] div, double[] center, int k,
                               double[] components, double[] explained, double chunkMean, double chunkStd,
                               int chunks, double outlierThreshold, int sampleRows) {
        this(features, mean, div, center, k, components, null, explained, chunkMean, chunkStd, chunks,
                outlierThreshold, sampleRows);
    }

    /** As above, with the discarded components (null: none), see the class comment. */
    public ReconstructionModel(String[] features, double[] mean, double[] div, double[] center, int k,
                               double[] components, double[] residual, double[] explained, double chunkMean,
                               double chunkStd, int chunks, double outlierThreshold, int sampleRows) {
        int f = features.length;
        if (residual != null && residual.length != (f - k) * f) {
            throw new IllegalArgumentException("residual components of " + residual.length + " values, not (F - k) x F");
        }
        this.residual = residual == null ? null : residual.clone();
        if (mean.length != f || div.length != f || center.length != f || components.length != k * f) {
            throw new IllegalArgumentException("reconstruction model of " + f + " features and " + k
                    + " components has arrays of the wrong length");
        }
        this.features = features.clone();
        this.mean = mean.clone();
        this.div = div.clone();
        this.center = center.clone();
        this.k = k;
        this.components = components.clone();
        this.explained = explained.clone();
        this.chunkMean = chunkMean;
        this.chunkStd = chunkStd;
        this.chunks = chunks;
        this.outlierThreshold = outlierThreshold;
        this.sampleRows = sampleRows;
    }

    /**
     * Fits the PCA of a joint sample.
     *
     * @param mean, std  the reference mean and std of each feature (ddof = 0)
     * @param rows       the sample, n rows of F raw values (NaN: missing)
     * @param chunkOf    the reference chunk of each row (rows of one chunk need not be adjacent)
     * @param minRows    chunks with fewer sample rows are left out of the threshold
     */
    public static ReconstructionModel fit(String[] features, double[] mean, double[] std, double[][] rows,
                                          long[] chunkOf, int minRows) {
        int f = features.length, n = rows.length;
        if (f == 0 || n < 2) throw new IllegalArgumentException("a PCA needs features and at least 2 rows, has "
                + f + " features and " + n + " rows");
        double[] div = new double[f];
        for (int j = 0; j < f; j++) div[j] = std[j] > 0 && Double.isFinite(std[j]) ? std[j] : 1.0;
        double[] m = new double[f];
        for (int j = 0; j < f; j++) m[j] = Double.isFinite(mean[j]) ? mean[j] : 0.0;
        double[][] z = new double[n][f];
        double[] center = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double v = rows[i][j];
                z[i][j] = Double.isFinite(v) ? (v - m[j]) / div[j] : 0.0;
                center[j] += z[i][j];
            }
        }
        for (int j = 0; j < f; j++) center[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) z[i][j] -= center[j];
        // commons-math's SVD wants rows >= columns; the right singular vectors of Z are the left ones of Z^T.
        boolean tall = n >= f;
        RealMatrix zm = new Array2DRowRealMatrix(z, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(tall ? zm : zm.transpose());
        double[] s = svd.getSingularValues();
        RealMatrix v = tall ? svd.getV() : svd.getU(); // F x r, columns are the components
        double total = 0;
        for (double x : s) total += x * x;
        int k = s.length;
        double[] ratios = new double[s.length];
        double cum = 0;
        for (int i = 0; i < s.length; i++) {
            ratios[i] = total > 0 ? s[i] * s[i] / total : 0;
        }
        for (int i = 0; i < s.length; i++) {
            cum += ratios[i];
            if (cum >= VARIANCE_KEPT - 1e-12) {
                k = i + 1;
                break;
            }
        }
        if (total == 0) k = 0; // every row the same: nothing to keep, every deviation is error
        double[] comps = new double[k * f];
        for (int i = 0; i < k; i++) for (int j = 0; j < f; j++) comps[i * f + j] = v.getEntry(j, i);
        double[] residual = null;
        if (tall && v.getColumnDimension() == f && f - k < k) {
            residual = new double[(f - k) * f];
            for (int i = k; i < f; i++) for (int j = 0; j < f; j++) residual[(i - k) * f + j] = v.getEntry(j, i);
        }
        ReconstructionModel pre = new ReconstructionModel(features, m, div, center, k, comps, residual,
                Arrays.copyOf(ratios, k), Double.NaN, Double.NaN, 0, Double.NaN, n);
        double[] scratch = pre.scratch();
        double[] errors = new double[n];
        for (int i = 0; i < n; i++) errors[i] = pre.error(rows[i], scratch);
        // chunk mean errors: the reference's own variation of the mean error, the threshold's basis
        java.util.TreeMap<Long, double[]> byChunk = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            double[] a = byChunk.computeIfAbsent(chunkOf[i], c -> new double[2]);
            a[0] += errors[i];
            a[1]++;
        }
        double sum = 0, sumSq = 0;
        int used = 0;
        for (double[] a : byChunk.values()) {
            if (a[1] < minRows) continue;
            double cm = a[0] / a[1];
            sum += cm;
            sumSq += cm * cm;
            used++;
        }
        double chunkMean = Double.NaN, chunkStd = Double.NaN;
        if (used >= 2) {
            chunkMean = sum / used;
            chunkStd = Math.sqrt(Math.max(0, sumSq / used - chunkMean * chunkMean));
            // a second pass for the std: sumSq/n - mean^2 cancels badly when chunks are alike
            double ss = 0;
            for (double[] a : byChunk.values()) {
                if (a[1] < minRows) continue;
                double d = a[0] / a[1] - chunkMean;
                ss += d * d;
            }
            chunkStd = Math.sqrt(ss / used);
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double outlier = quantile(sorted, 0.999);
        return new ReconstructionModel(features, m, div, center, k, comps, residual, Arrays.copyOf(ratios, k),
                chunkMean, chunkStd, used, outlier, n);
    }

    /** R-7 quantile of sorted values (contract section 3). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= sorted.length) return sorted[sorted.length - 1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** A scratch array for {@link #error}: the F centred standardised values. */
    public double[] scratch() {
        return new double[features.length];
    }

    /**
     * The reconstruction error of one row of raw values in feature order (NaN or non-finite: missing).
     * Allocation-free: {@code scratch} comes from {@link #scratch()}.
     */
    public double error(double[] row, double[] scratch) {
        int f = features.length;
        // every component kept: the reconstruction is exact, and an error of rounding noise must not make outliers
        if (k >= f) return 0.0;
        double norm = 0;
        for (int j = 0; j < f; j++) {
            double v = row[j];
            double y = (Double.isFinite(v) ? (v - mean[j]) / div[j] : 0.0) - center[j];
            scratch[j] = y;
            norm += y * y;
        }
        if (residual != null) {
            double err = 0;
            for (int i = 0, base = 0, r = f - k; i < r; i++, base += f) {
                double p = 0;
                for (int j = 0; j < f; j++) p += residual[base + j] * scratch[j];
                err += p * p;
            }
            return Math.sqrt(err);
        }
        double proj = 0;
        for (int i = 0, base = 0; i < k; i++, base += f) {
            double p = 0;
            for (int j = 0; j < f; j++) p += components[base + j] * scratch[j];
            proj += p * p;
        }
        return Math.sqrt(Math.max(0.0, norm - proj));
    }

    /** Whether a record's error makes it a multivariate outlier (above the sample's 99.9th percentile). */
    public boolean outlier(double error) {
        return error > outlierThreshold;
    }

    /** The window threshold: reference chunk mean error + 3 std; NaN with fewer than 2 chunks. */
    public double threshold() {
        return chunkMean + 3 * chunkStd;
    }

    public String[] features() {
        return features.clone();
    }

    public int featureCount() {
        return features.length;
    }

    public String feature(int j) {
        return features[j];
    }

    public int components() {
        return k;
    }

    public double[] explained() {
        return explained.clone();
    }

    public double chunkMean() {
        return chunkMean;
    }

    public double chunkStd() {
        return chunkStd;
    }

    public int chunks() {
        return chunks;
    }

    public double outlierThreshold() {
        return outlierThreshold;
    }

    public int sampleRows() {
        return sampleRows;
    }

    double[] mean() {
        return mean.clone();
    }

    double[] div() {
        return div.clone();
    }

    double[] center() {
        return center.clone();
    }

    double[] componentArray() {
        return components.clone();
    }

    /** The discarded components (null where they are not kept). */
    double[] residualComponents() {
        return residual == null ? null : residual.clone();
    }

    /** The components one record's error is computed with: the fewer of kept and (where known) discarded. */
    public int projectionRows() {
        return residual != null ? features.length - k : k;
    }
}
