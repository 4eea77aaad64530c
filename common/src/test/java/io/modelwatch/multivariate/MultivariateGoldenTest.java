package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reconstruction errors and embedding figures against numpy (tools/golden/multivariate_golden.py, which
 * takes numpy.linalg.svd of the same standardised sample): per-row errors, k, the chunk threshold, the
 * outlier threshold and the window decision, to 1e-6; including the correlation flip, which moves no
 * marginal and must still be drifted.
 */
class MultivariateGoldenTest {
    private static final double TOL = 1e-6;

    private static JsonNode golden() throws IOException {
        try (InputStream in = MultivariateGoldenTest.class.getResourceAsStream("/multivariate/golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[][] rows(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            JsonNode r = a.get(i);
            out[i] = new double[r.size()];
            for (int j = 0; j < r.size(); j++) out[i][j] = r.get(j).isNull() ? Double.NaN : r.get(j).asDouble();
        }
        return out;
    }

    private static double[] vector(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < a.size(); i++) out[i] = a.get(i).asDouble();
        return out;
    }

    private static JsonNode named(String name) throws IOException {
        for (JsonNode c : golden().get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no golden case " + name);
    }

    private static ReconstructionModel fit(JsonNode c) {
        double[][] ref = rows(c.get("reference"));
        int f = ref[0].length;
        String[] names = new String[f];
        for (int j = 0; j < f; j++) names[j] = "f" + j;
        int chunkRows = c.get("chunk_rows").asInt();
        long[] chunkOf = new long[ref.length];
        for (int i = 0; i < ref.length; i++) chunkOf[i] = i / chunkRows;
        return ReconstructionModel.fit(names, vector(c.get("mean")), vector(c.get("std")), ref, chunkOf, 1);
    }

    private static void checkCase(String name) throws IOException {
        JsonNode c = named(name);
        ReconstructionModel m = fit(c);
        assertThat(m.components()).isEqualTo(c.get("components").asInt());
        double[] explained = vector(c.get("explained"));
        for (int i = 0; i < explained.length; i++) assertThat(m.explained()[i]).isCloseTo(explained[i], within(TOL));
        double[] scratch = m.scratch();
        double[][] ref = rows(c.get("reference")), cur = rows(c.get("current"));
        double[] refErr = vector(c.get("reference_errors")), curErr = vector(c.get("current_errors"));
        for (int i = 0; i < ref.length; i++) assertThat(m.error(ref[i], scratch)).as("reference row %d", i).isCloseTo(refErr[i], within(TOL));
        ReconstructionPartial window = new ReconstructionPartial("m", 0, 3_600_000);
        for (int i = 0; i < cur.length; i++) {
            double e = m.error(cur[i], scratch);
            assertThat(e).as("current row %d", i).isCloseTo(curErr[i], within(TOL));
            window.update(e, m.outlier(e));
        }
        assertThat(m.chunkMean()).isCloseTo(c.get("chunk_mean").asDouble(), within(TOL));
        assertThat(m.chunkStd()).isCloseTo(c.get("chunk_std").asDouble(), within(TOL));
        assertThat(m.threshold()).isCloseTo(c.get("threshold").asDouble(), within(TOL));
        assertThat(m.outlierThreshold()).isCloseTo(c.get("outlier_threshold").asDouble(), within(TOL));
        assertThat(window.records()).isEqualTo(cur.length);
        assertThat(window.meanError()).isCloseTo(c.get("current_mean_error").asDouble(), within(TOL));
        assertThat(window.meanError() > m.threshold()).isEqualTo(c.get("drifted").asBoolean());
        long outliers = 0;
        for (double e : curErr) if (e > c.get("outlier_threshold").asDouble()) outliers++;
        assertThat(window.outliers()).isEqualTo(outliers);
    }

    @Test
    void correlationFlipIsDriftedWithUnchangedMarginals() throws IOException {
        JsonNode c = named("correlation_flip");
        assertThat(c.get("drifted").asBoolean()).isTrue();
        // the marginals do not move: each feature's mean stays within 0.25 of its reference std
        double[][] cur = rows(c.get("current"));
        double[] mean = vector(c.get("mean")), std = vector(c.get("std"));
        for (int j = 0; j < mean.length; j++) {
            double s = 0;
            for (double[] r : cur) s += r[j];
            assertThat(Math.abs(s / cur.length - mean[j]) / std[j]).as("feature %d", j).isLessThan(0.25);
        }
        checkCase("correlation_flip");
    }

    @Test
    void bothWaysToTheErrorAgree() throws IOException {
        // more rows than features and F - k < k: the discarded components give the error; the kept ones agree
        ReconstructionModel m = fit(named("correlation_flip"));
        assertThat(m.projectionRows()).isEqualTo(m.featureCount() - m.components()).isLessThan(m.components());
        ReconstructionModel kept = new ReconstructionModel(m.features(), m.mean(), m.div(), m.center(), m.components(),
                m.componentArray(), null, m.explained(), m.chunkMean(), m.chunkStd(), m.chunks(), m.outlierThreshold(),
                m.sampleRows());
        assertThat(kept.projectionRows()).isEqualTo(m.components());
        double[] s1 = m.scratch(), s2 = kept.scratch();
        for (double[] row : rows(named("correlation_flip").get("current"))) {
            assertThat(kept.error(row, s2)).isCloseTo(m.error(row, s1), within(1e-9));
        }
        // fewer rows than features: only the kept components are known
        ReconstructionModel wide = fit(named("wide_missing_constant"));
        assertThat(wide.projectionRows()).isEqualTo(wide.components());
    }

    @Test
    void sameCorrelationIsNotDrifted() throws IOException {
        assertThat(named("no_flip").get("drifted").asBoolean()).isFalse();
        checkCase("no_flip");
    }

    @Test
    void moreFeaturesThanRowsWithMissingAndConstantFeature() throws IOException {
        checkCase("wide_missing_constant");
    }

    @Test
    void manyIndependentFeaturesGoThroughTheDiscardedComponents() throws IOException {
        // k > F / 2: the error is the norm of the projection on the F - k discarded components
        ReconstructionModel m = fit(named("many_independent"));
        assertThat(m.components()).isGreaterThan(m.featureCount() / 2);
        assertThat(m.projectionRows()).isEqualTo(m.featureCount() - m.components());
        checkCase("many_independent");
    }

    @Test
    void manyFeaturesOfFewLatentFactorsGoThroughTheKeptComponents() throws IOException {
        ReconstructionModel m = fit(named("many_latent"));
        assertThat(m.components()).isLessThan(m.featureCount() / 2);
        assertThat(m.projectionRows()).isEqualTo(m.components());
        checkCase("many_latent");
    }

    @Test
    void partialsMergeAndSurviveBytes() throws IOException {
        JsonNode c = named("correlation_flip");
        ReconstructionModel m = fit(c);
        double[][] cur = rows(c.get("current"));
        double[] scratch = m.scratch();
        ReconstructionPartial whole = new ReconstructionPartial("m", 0, 10);
        ReconstructionPartial a = new ReconstructionPartial("m", 0, 10), b = new ReconstructionPartial("m", 0, 10);
        for (int i = 0; i < cur.length; i++) {
            double e = m.error(cur[i], scratch);
            whole.update(e, m.outlier(e));
            (i % 3 == 0 ? a : b).update(e, m.outlier(e));
        }
        ReconstructionPartial merged = ReconstructionPartial.fromBytes(a.toBytes()).merge(ReconstructionPartial.fromBytes(b.toBytes()));
        assertThat(merged.records()).isEqualTo(whole.records());
        assertThat(merged.outliers()).isEqualTo(whole.outliers());
        assertThat(merged.meanError()).isCloseTo(whole.meanError(), within(1e-12));
        assertThat(merged.copy().relabel(0, 20).windowEnd()).isEqualTo(20);
        assertThatThrownBy(() -> merged.merge(new ReconstructionPartial("other", 0, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void embeddingFiguresMatchNumpy() throws IOException {
        JsonNode e = golden().get("embedding");
        int dim = e.get("dim").asInt();
        double[][] ref = rows(e.get("reference")), cur = rows(e.get("current"));
        EmbeddingReferenceBuilder b = new EmbeddingReferenceBuilder("emb", 5000);
        for (int i = 0; i < ref.length; i++) b.add(i, ref[i], 0, dim);
        b.add(0, new double[dim + 1], 0, dim + 1); // another length: invalid
        EmbeddingReference r = b.build();
        assertThat(r.dim).isEqualTo(dim);
        assertThat(r.count).isEqualTo(ref.length);
        assertThat(r.invalid).isEqualTo(1);
        assertThat(r.exactSpread).isTrue();
        double[] centroid = vector(e.get("centroid"));
        for (int i = 0; i < dim; i++) assertThat(r.centroid(i)).isCloseTo(centroid[i], within(TOL));
        assertThat(r.spread).isCloseTo(e.get("spread").asDouble(), within(TOL));

        EmbeddingPartial a = new EmbeddingPartial(dim), c = new EmbeddingPartial(dim);
        // the window's vectors packed in one flat array, as the parser hands them over
        double[] flat = new double[cur.length * dim];
        for (int i = 0; i < cur.length; i++) System.arraycopy(cur[i], 0, flat, i * dim, dim);
        for (int i = 0; i < cur.length; i++) (i % 2 == 0 ? a : c).update(flat, i * dim, dim);
        a.update(flat, 0, dim - 1);
        c.missing();
        EmbeddingPartial w = EmbeddingPartial.fromBytes(a.toBytes()).merge(EmbeddingPartial.fromBytes(c.toBytes()));
        assertThat(w.count()).isEqualTo(cur.length);
        assertThat(w.invalidCount()).isEqualTo(1);
        assertThat(w.missingCount()).isEqualTo(1);
        assertThat(w.centroidDistance(r)).isCloseTo(e.get("centroid_distance").asDouble(), within(TOL));
        assertThat(w.centroidCosine(r)).isCloseTo(e.get("centroid_cosine").asDouble(), within(TOL));
    }

    @Test
    void embeddingCalibrationMatchesNumpy() throws IOException {
        JsonNode e = golden().get("embedding_calibration");
        int dim = e.get("dim").asInt();
        long hour = 3_600_000L;
        // two readers, the chunks' vectors split between them, merged as the snapshot writer merges them
        EmbeddingReferenceBuilder a = new EmbeddingReferenceBuilder("emb", 5000, hour), b = new EmbeddingReferenceBuilder("emb", 5000, hour);
        JsonNode chunks = e.get("chunks");
        for (int c = 0; c < chunks.size(); c++) {
            double[][] v = rows(chunks.get(c));
            for (int i = 0; i < v.length; i++) (i % 2 == 0 ? a : b).add(c * hour + i * 1000L, v[i], 0, dim);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        b.writeTo(new java.io.DataOutputStream(bytes));
        EmbeddingReference r = a.merge(EmbeddingReferenceBuilder.readFrom(new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())))).build(e.get("min_count").asLong());
        double[] centroid = vector(e.get("centroid"));
        for (int i = 0; i < dim; i++) assertThat(r.centroid(i)).isCloseTo(centroid[i], within(TOL));
        assertThat(r.spread).isCloseTo(e.get("spread").asDouble(), within(TOL));
        assertThat(r.chunks).as("chunks of at least --min-count vectors").isEqualTo(e.get("calibration_chunks").asInt());
        assertThat(r.calibrated()).isTrue();
        assertThat(r.distanceThreshold).isCloseTo(e.get("threshold_centroid_distance").asDouble(), within(TOL));
        assertThat(r.cosineThreshold).isCloseTo(e.get("threshold_centroid_cosine").asDouble(), within(TOL));
        List<String> alerts = new ArrayList<>();
        for (JsonNode w : e.get("windows")) {
            double[][] v = rows(w.get("vectors"));
            EmbeddingWindow win = new EmbeddingWindow("m", 0, hour, r);
            for (double[] x : v) win.update(x, 0, dim, true);
            EmbeddingWindow back = EmbeddingWindow.fromBytes(win.toBytes()); // the thresholds travel with the state
            assertThat(back.centroidDistance()).isCloseTo(w.get("centroid_distance").asDouble(), within(TOL));
            assertThat(back.centroidCosine()).isCloseTo(w.get("centroid_cosine").asDouble(), within(TOL));
            assertThat(back.alertBy()).isEqualTo(w.get("drift_alert_by").asText());
            alerts.add(back.alertBy());
        }
        assertThat(alerts).containsExactly("", "centroid_distance,centroid_cosine");
        // fewer than 4 chunks: no thresholds, no drift_alert
        EmbeddingReferenceBuilder few = new EmbeddingReferenceBuilder("emb", 5000, hour);
        double[][] first = rows(chunks.get(0));
        for (int i = 0; i < first.length; i++) few.add(i % 3 * hour, first[i], 0, dim);
        EmbeddingReference uncalibrated = few.build(1);
        assertThat(uncalibrated.chunks).isEqualTo(3);
        assertThat(uncalibrated.calibrated()).isFalse();
        assertThat(uncalibrated.alertBy(10, 10)).isNull();
    }

    @Test
    void jointSampleIsTheSameWhateverTheOrderAndSplit() {
        int f = 3, n = 2000, limit = 100;
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(new double[] {i, Math.sin(i), i % 7 == 0 ? Double.NaN : i * 0.5});
        JointSample one = new JointSample(f, limit);
        for (int i = 0; i < n; i++) one.offer(i, rows.get(i));
        JointSample a = new JointSample(f, limit), b = new JointSample(f, limit);
        for (int i = n - 1; i >= 0; i--) (i % 3 == 0 ? a : b).offer(i, rows.get(i));
        JointSample merged = JointSample.fromBytes(a.toBytes()).merge(b);
        assertThat(one.size()).isEqualTo(limit);
        assertThat(java.util.Arrays.deepEquals(merged.rows(), one.rows())).as("same rows (NaN bits included)").isTrue();
        assertThat(merged.times()).isEqualTo(one.times());
        // the kept rows are the ones with the smallest hashes, recomputed independently
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) hashes[i] = JointSample.hash(i, rows.get(i), f);
        long[] sorted = hashes.clone();
        java.util.Arrays.sort(sorted);
        for (long t : one.times()) assertThat(hashes[(int) t]).isLessThanOrEqualTo(sorted[limit - 1]);
    }
}
