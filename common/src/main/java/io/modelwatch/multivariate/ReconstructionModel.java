package io.modelwatch.multivariate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PCA of a model's joint sample and what a record's reconstruction error is against it (contract 3d).
 *
 * <p>A row x of the F numeric features is standardised with the reference mean and std (ddof = 0) of each
 * feature: z = (x - mean) / std, a missing value becomes the mean (z = 0), a feature with std 0 is divided by
 * 1 (so it contributes 0 while it stays constant, and its raw change once it moves). The PCA centres the
 * standardised sample by its own mean c (as sklearn's PCA, which NannyML uses, does), finds the principal
 * directions of the centred n x F sample Y (those of numpy's SVD; see {@link #fit} for how) and keeps the fewest
 * k whose explained variance ratios sum to at least 0.9. The error of a row is ||y - V_k^T V_k y|| with
 * y = z - c, computed as sqrt(||y||^2 - ||V_k y||^2) since the rows of V_k are orthonormal: one k x F pass per
 * record and no reconstruction vector. Where the sample has at least as many rows as features the fit gives a
 * whole orthonormal basis of the F dimensions, and the error is also the norm of y's projection on the F - k
 * discarded components W: sqrt(||W y||^2). That pass is (F - k) x F, cheaper whenever F - k < k (many
 * features of little correlation keep most components), and it is kept as well ({@link #residualComponents})
 * and used then: a record costs min(k, F - k) x F multiply-adds.
 *
 * <p>EJML for the symmetric eigen-decomposition ({@link Eigen}); the per-record projection is a plain loop here,
 * over one array per feature ({@link #byFeature}).
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
    /**
     * The rows the error is computed with (the discarded components where kept, else the kept ones) laid out
     * column by column, F arrays of r: a record's pass is then r-long multiply-adds into r sums, one feature at a
     * time, instead of r dot products, each a serial chain of F additions. One array per feature, not one flat
     * F x r array, because HotSpot 17 vectorises {@code s[i] += w[i] * x} but not {@code s[i] += w[base + i] * x}
     * (an offset it cannot align): a 1000-feature record's error took 35-37 us this way against 81-84 us flat
     * (217 sums; docs/multivariate.md, "One array per feature").
     */
    private final double[][] byFeature;
    private final int passRows;
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
        double[] pass = this.residual != null ? this.residual : this.components;
        this.passRows = pass.length / Math.max(1, f);
        this.byFeature = new double[f][passRows];
        for (int i = 0; i < passRows; i++) for (int j = 0; j < f; j++) byFeature[j][i] = pass[i * f + j];
    }

    /**
     * Fits the PCA of a joint sample.
     *
     * <p>Not by an SVD of the n x F matrix: the right singular vectors of the centred standardised sample Y are
     * the eigenvectors of Y^T Y (F x F) and its squared singular values the eigenvalues, so the symmetric
     * eigen-decomposition of the smaller of Y^T Y and Y Y^T (n x n, when there are fewer rows than features)
     * gives the same components, explained ratios and therefore errors as numpy's SVD (MultivariateGoldenTest,
     * 1e-6). Y^T Y is summed row by row from {@code rows}: the fit holds one F x F (or n x n) matrix and its
     * decomposition, never a copy of the sample nor the SVD's n x F left vectors, and costs n F^2 / 2 + O(F^3)
     * instead of the SVD's O(n F^2) with a large constant.
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
        // the sample's own centre, first: summing the centred rows keeps Y^T Y free of cancellation
        double[] center = new double[f];
        for (double[] row : rows) for (int j = 0; j < f; j++) center[j] += standardised(row[j], m[j], div[j]);
        for (int j = 0; j < f; j++) center[j] /= n;
        Basis b = n >= f ? byCovariance(rows, m, div, center) : byGram(rows, m, div, center);
        double total = 0;
        for (double x : b.variances) total += x;
        int r = b.variances.length;
        double[] ratios = new double[r];
        for (int i = 0; i < r; i++) ratios[i] = total > 0 ? b.variances[i] / total : 0;
        int k = r;
        double cum = 0;
        for (int i = 0; i < r; i++) {
            cum += ratios[i];
            if (cum >= VARIANCE_KEPT - 1e-12) {
                k = i + 1;
                break;
            }
        }
        if (total == 0) k = 0; // every row the same: nothing to keep, every deviation is error
        k = Math.min(k, b.vectors.length);
        double[] comps = new double[k * f];
        for (int i = 0; i < k; i++) System.arraycopy(b.vectors[i], 0, comps, i * f, f);
        double[] residual = null;
        if (b.vectors.length == f && f - k < k) { // a whole basis: the discarded components are the shorter way
            residual = new double[(f - k) * f];
            for (int i = k; i < f; i++) System.arraycopy(b.vectors[i], 0, residual, (i - k) * f, f);
        }
        b = null;
        ReconstructionModel pre = new ReconstructionModel(features, m, div, center, k, comps, residual,
                Arrays.copyOf(ratios, k), Double.NaN, Double.NaN, 0, Double.NaN, n);
        double[] errors = pre.errors(rows);
        // chunk mean errors: the reference's own variation of the mean error, the threshold's basis
        java.util.TreeMap<Long, double[]> byChunk = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            double[] a = byChunk.computeIfAbsent(chunkOf[i], c -> new double[2]);
            a[0] += errors[i];
            a[1]++;
        }
        double sum = 0;
        int used = 0;
        for (double[] a : byChunk.values()) {
            if (a[1] < minRows) continue;
            sum += a[0] / a[1];
            used++;
        }
        double chunkMean = Double.NaN, chunkStd = Double.NaN;
        if (used >= 2) {
            chunkMean = sum / used;
            // a second pass for the std: sumSq/n - mean^2 cancels badly when chunks are alike
            double ss = 0;
            for (double[] a : byChunk.values()) {
                if (a[1] < minRows) continue;
                double d = a[0] / a[1] - chunkMean;
                ss += d * d;
            }
            chunkStd = Math.sqrt(ss / used);
        }
        Arrays.sort(errors);
        double outlier = quantile(errors, 0.999);
        return new ReconstructionModel(features, m, div, center, k, comps, residual, Arrays.copyOf(ratios, k),
                chunkMean, chunkStd, used, outlier, n);
    }

    private static double standardised(double v, double mean, double div) {
        return Double.isFinite(v) ? (v - mean) / div : 0.0;
    }

    /** Principal directions, by descending variance (squared singular value), each of F values, orthonormal. */
    private record Basis(double[] variances, double[][] vectors) {}

    /** Rows the cross-product sums take at a time: 4 rows per sweep of the F x F triangle (a quarter of the memory traffic). */
    private static final int BLOCK = 4;

    /**
     * n >= F: the eigen-decomposition of Y^T Y (F x F), a whole basis of the F dimensions. The upper triangle is
     * summed over blocks of rows, each sweep a plain loop the JIT vectorises.
     */
    private static Basis byCovariance(double[][] rows, double[] m, double[] div, double[] center) {
        int f = m.length, n = rows.length;
        double[][] c = new double[f][f];
        double[][] y = new double[BLOCK][f];
        for (int start = 0; start < n; start += BLOCK) {
            int b = Math.min(BLOCK, n - start);
            for (int r = 0; r < BLOCK; r++) {
                if (r < b) {
                    double[] row = rows[start + r];
                    for (int j = 0; j < f; j++) y[r][j] = standardised(row[j], m[j], div[j]) - center[j];
                } else {
                    Arrays.fill(y[r], 0.0);
                }
            }
            double[] y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3];
            for (int j = 0; j < f; j++) {
                double a0 = y0[j], a1 = y1[j], a2 = y2[j], a3 = y3[j];
                double[] cj = c[j];
                for (int l = j; l < f; l++) cj[l] += a0 * y0[l] + a1 * y1[l] + a2 * y2[l] + a3 * y3[l];
            }
        }
        for (int j = 0; j < f; j++) for (int l = 0; l < j; l++) c[j][l] = c[l][j];
        Eigen eig = new Eigen(c);
        c = null;
        Integer[] order = descending(eig.values);
        double[] variances = new double[f];
        double[][] vectors = new double[f][];
        for (int i = 0; i < f; i++) {
            variances[i] = Math.max(0.0, eig.values[order[i]]); // a rank-deficient sample: -1e-16, not a variance
            vectors[i] = eig.vector(order[i]);
        }
        return new Basis(variances, vectors);
    }

    /**
     * n < F: the eigen-decomposition of Y Y^T (n x n); a component is Y^T u / ||Y^T u|| for each eigenvector u of
     * positive eigenvalue. Only the n (at most) directions the sample spans are known, so only the kept ones are
     * used for the error.
     */
    private static Basis byGram(double[][] rows, double[] m, double[] div, double[] center) {
        int f = m.length, n = rows.length;
        double[][] y = new double[n][f]; // n x F < F x F here
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) y[i][j] = standardised(rows[i][j], m[j], div[j]) - center[j];
        }
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int l = i; l < n; l++) {
                double s = 0;
                double[] a = y[i], b = y[l];
                for (int j = 0; j < f; j++) s += a[j] * b[j];
                g[i][l] = s;
                g[l][i] = s;
            }
        }
        Eigen eig = new Eigen(g);
        Integer[] order = descending(eig.values);
        List<double[]> vectors = new ArrayList<>();
        double[] variances = new double[n];
        for (int i = 0; i < n; i++) {
            double lambda = eig.values[order[i]];
            variances[i] = Math.max(0.0, lambda);
            if (!(lambda > 0)) continue;
            double[] u = eig.vector(order[i]);
            double[] v = new double[f];
            for (int r = 0; r < n; r++) {
                double w = u[r];
                double[] yr = y[r];
                for (int j = 0; j < f; j++) v[j] += w * yr[j];
            }
            double norm = 0;
            for (double x : v) norm += x * x;
            norm = Math.sqrt(norm);
            if (!(norm > 0)) continue;
            for (int j = 0; j < f; j++) v[j] /= norm;
            vectors.add(v);
        }
        return new Basis(variances, vectors.toArray(new double[0][]));
    }

    /**
     * The eigen-decomposition of a symmetric matrix, by EJML's symmetric QR algorithm: for the 1000 x 1000
     * covariance of 1000 features it took 1.6 s where commons-math3's {@code EigenDecomposition} took 6.6 s (same
     * eigenvalues to 1e-15 relative; measured 2026-12-02, idle machine). Eigenvectors are unit length; their sign
     * is either, which no error depends on.
     */
    private static final class Eigen {
        final double[] values;
        private final EigenDecomposition_F64<DMatrixRMaj> decomposition;

        Eigen(double[][] symmetric) {
            int n = symmetric.length;
            decomposition = DecompositionFactory_DDRM.eig(n, true, true);
            if (!decomposition.decompose(new DMatrixRMaj(symmetric))) {
                throw new ArithmeticException("the eigen-decomposition of the " + n + " x " + n + " matrix did not converge");
            }
            values = new double[n];
            for (int i = 0; i < n; i++) values[i] = decomposition.getEigenvalue(i).getReal();
        }

        double[] vector(int i) {
            return decomposition.getEigenVector(i).getData().clone();
        }
    }

    private static Integer[] descending(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        return order;
    }

    /** R-7 quantile of sorted values (contract section 3). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= sorted.length) return sorted[sorted.length - 1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** A scratch array for {@link #error}: the r projections, then the values of the features being added. */
    public double[] scratch() {
        return new double[scratchLength()];
    }

    /** The length {@link #error}'s scratch array needs at least. */
    public int scratchLength() {
        return passRows + FEATURES_AT_ONCE;
    }

    /**
     * The reconstruction error of one row of raw values in feature order (NaN or non-finite: missing).
     * Allocation-free: {@code scratch} comes from {@link #scratch()}.
     */
    public double error(double[] row, double[] scratch) {
        int f = features.length;
        // every component kept: the reconstruction is exact, and an error of rounding noise must not make outliers
        if (k >= f) return 0.0;
        java.util.Arrays.fill(scratch, 0, passRows, 0.0);
        double norm = 0;
        for (int j = 0; j < f; j += FEATURES_AT_ONCE) {
            int m = Math.min(FEATURES_AT_ONCE, f - j);
            for (int q = 0; q < m; q++) { // the group's values wait in the scratch array, past the r sums
                double y = standardised(row[j + q], mean[j + q], div[j + q]) - center[j + q];
                scratch[passRows + q] = y;
                norm += y * y;
            }
            project(j, m, scratch, passRows, scratch);
        }
        return errorOf(norm, scratch);
    }

    /** Features whose projections one sweep of the r sums adds (see {@link #project}). */
    private static final int FEATURES_AT_ONCE = 4;

    /**
     * Adds features j .. j + m - 1 (m <= 4, their centred standardised values in {@code y[at, at + m)}) to the r
     * sums {@code s[0, r)}:
     * four features per sweep load and store each sum once instead of four times, 35-43 -> 28-30 us per
     * 1000-feature record with 218 sums (docs/multivariate.md, "Four features per sweep"); with eight arrays in the
     * loop HotSpot 17 no longer vectorises it (65 us against 27 in a microbench not kept). The four products are added together before the sum, so an error's last
     * bits depend on this grouping; {@link #errors} uses the same.
     */
    private void project(int j, int m, double[] y, int at, double[] s) {
        int r = passRows;
        if (m == FEATURES_AT_ONCE) {
            double[] w0 = byFeature[j], w1 = byFeature[j + 1], w2 = byFeature[j + 2], w3 = byFeature[j + 3];
            double y0 = y[at], y1 = y[at + 1], y2 = y[at + 2], y3 = y[at + 3];
            for (int i = 0; i < r; i++) s[i] += w0[i] * y0 + w1[i] * y1 + w2[i] * y2 + w3[i] * y3;
        } else {
            for (int q = 0; q < m; q++) {
                double[] w = byFeature[j + q];
                double yq = y[at + q];
                for (int i = 0; i < r; i++) s[i] += w[i] * yq;
            }
        }
    }

    /** The error of a row from its squared norm and its r projections. */
    private double errorOf(double norm, double[] projections) {
        double proj = 0;
        for (int i = 0; i < passRows; i++) proj += projections[i] * projections[i];
        // through the discarded components the projection is the error; through the kept ones, what is left of it
        return residual != null ? Math.sqrt(proj) : Math.sqrt(Math.max(0.0, norm - proj));
    }

    /** Rows the fit's errors are computed for at a time: one sweep of the components serves all of them. */
    private static final int ERROR_BLOCK = 8;

    /**
     * {@link #error} of every row, bit for bit (each row's sums are added in the same order), {@code ERROR_BLOCK}
     * rows per sweep of the components: one row's pass streams all F x r of them from memory (120 MB at 5,000
     * features), so the sample's errors were bound by memory, not arithmetic.
     */
    double[] errors(double[][] rows) {
        int f = features.length, n = rows.length, r = passRows;
        double[] out = new double[n];
        if (k >= f) return out; // as error: every component kept, no error
        double[][] y = new double[ERROR_BLOCK][f], sums = new double[ERROR_BLOCK][Math.max(1, r)];
        double[] norms = new double[ERROR_BLOCK];
        for (int start = 0; start < n; start += ERROR_BLOCK) {
            int rowsNow = Math.min(ERROR_BLOCK, n - start);
            for (int b = 0; b < rowsNow; b++) {
                double[] row = rows[start + b], yb = y[b];
                double norm = 0;
                for (int j = 0; j < f; j++) {
                    double x = standardised(row[j], mean[j], div[j]) - center[j];
                    yb[j] = x;
                    norm += x * x;
                }
                norms[b] = norm;
                Arrays.fill(sums[b], 0, r, 0.0);
            }
            for (int j = 0; j < f; j += FEATURES_AT_ONCE) {
                int m = Math.min(FEATURES_AT_ONCE, f - j);
                for (int b = 0; b < rowsNow; b++) project(j, m, y[b], j, sums[b]);
            }
            for (int b = 0; b < rowsNow; b++) out[start + b] = errorOf(norms[b], sums[b]);
        }
        return out;
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

    /** The same model without the discarded components: its error always goes through the k kept ones (the bench's baseline). */
    public ReconstructionModel keptOnly() {
        return new ReconstructionModel(features, mean, div, center, k, components, null, explained, chunkMean, chunkStd,
                chunks, outlierThreshold, sampleRows);
    }

    /** The components one record's error is computed with: the fewer of kept and (where known) discarded. */
    public int projectionRows() {
        return passRows;
    }
}
