package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.io.PredictionParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chunk statistics and thresholds of contract 2b against numpy/scipy (tools/golden/calibration_golden.py):
 * the same formulas make the reference here, each hour is a window against the whole reference (exact mode, the
 * sample being the whole reference), and {@link DriftThresholds#calibrate} turns the chunks into thresholds.
 */
class DriftThresholdsGoldenTest {
    static final long T0 = 1_764_028_800_000L; // 2025-11-25T00:00:00Z
    static final long HOUR = 3_600_000L;
    static JsonNode golden;
    static int n, perChunk;
    static long minCount;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = DriftThresholdsGoldenTest.class.getResourceAsStream("/reference/calibration_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        n = golden.get("n").asInt();
        perChunk = golden.get("per_chunk").asInt();
        minCount = golden.get("min_count").asLong();
    }

    static double x(long i) {
        return ((i * 7919) % 1009) / 100.0 + (i / 100) * 0.05;
    }

    static boolean yPresent(long i) {
        return !(i / 100 == 5 && i % 10 != 0);
    }

    static double y(long i) {
        return (double) ((i * 31337) % 997);
    }

    static String c(long i) {
        long h = i / 100;
        return (i * 7) % 10 < 3 + h % 3 ? "a" : (i % 3 == 0 ? "b" : "c");
    }

    static String line(long i) {
        return "{\"ts\":" + (T0 + i * 36_000) + ",\"model\":\"m\",\"features\":{\"x\":" + x(i) + ",\"y\":"
                + (yPresent(i) ? Double.toString(y(i)) : "null") + ",\"c\":\"" + c(i) + "\"}}";
    }

    static Snapshot reference() {
        double[] xs = new double[n];
        List<Double> ys = new ArrayList<>();
        TreeMap<String, Long> cats = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            xs[i] = x(i);
            if (yPresent(i)) ys.add(y(i));
            cats.merge(c(i), 1L, Long::sum);
        }
        Arrays.sort(xs);
        double[] ya = ys.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        NumericReference rx = ReferenceStatistics.numeric("x", xs, 0, 0, 1000, 10_000);
        NumericReference ry = ReferenceStatistics.numeric("y", ya, n - ya.length, 0, 1000, 10_000);
        CategoricalReference rc = new CategoricalReference("c", n, 0, 0, cats.keySet().toArray(new String[0]),
                cats.values().stream().mapToLong(Long::longValue).toArray());
        return new Snapshot("m", T0, T0 + 24 * HOUR, n, 1000, 10_000, List.of(rx, ry), List.of(rc));
    }

    @Test
    void chunkStatisticsAndThresholdsEqualNumpyOnTheSameChunks() {
        Snapshot ref = reference();
        DriftSettings settings = new DriftSettings(true, 0.05, minCount);
        PredictionParser parser = new PredictionParser();
        Map<String, List<double[]>> chunks = new HashMap<>();
        Map<String, List<Integer>> used = new HashMap<>();
        for (int h = 0; h < n / perChunk; h++) {
            DriftPartial p = DriftPartial.forWindow(ref, T0 + h * HOUR, T0 + (h + 1) * HOUR, true);
            for (long i = (long) h * perChunk; i < (long) (h + 1) * perChunk; i++) {
                assertThat(parser.parse(line(i).getBytes(StandardCharsets.UTF_8))).isNull();
                p.update(parser.record());
            }
            for (FeatureDrift f : FeatureDriftCalculator.compute(p, ref, settings)) {
                if (!f.hasStatistics) continue; // below min_count: not a chunk of this feature
                chunks.computeIfAbsent(f.feature, k -> new ArrayList<>()).add(f.calibrationValues());
                used.computeIfAbsent(f.feature, k -> new ArrayList<>()).add(h);
            }
        }
        for (String name : List.of("x", "y", "c")) {
            JsonNode g = golden.get("features").get(name);
            List<Integer> goldenUsed = new ArrayList<>();
            g.get("used_chunks").forEach(u -> goldenUsed.add(u.asInt()));
            assertThat(used.get(name)).as(name + " chunks").isEqualTo(goldenUsed);
            for (int k = 0; k < goldenUsed.size(); k++) {
                double[] mine = chunks.get(name).get(k);
                for (int s = 0; s < mine.length; s++) {
                    double want = g.get("chunk_values").get(k).get(s).asDouble();
                    assertThat(mine[s]).as(name + " chunk " + goldenUsed.get(k) + " statistic " + s)
                            .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
                }
            }
            DriftThresholds.Feature t = DriftThresholds.calibrate(name, name.equals("c"), chunks.get(name));
            assertThat(t.chunks).isEqualTo(g.get("chunks").asInt());
            for (int s = 0; s < t.threshold.length; s++) {
                assertThat(t.mean[s]).isCloseTo(g.get("mean").get(s).asDouble(), within(1e-9));
                assertThat(t.std[s]).isCloseTo(g.get("std").get(s).asDouble(), within(1e-9));
                assertThat(t.threshold[s]).as(name + " threshold " + t.statistics().get(s))
                        .isCloseTo(g.get("threshold").get(s).asDouble(), within(1e-9));
            }
        }
    }

    /** {@code snapshots diff}: a chunk built as a snapshot of its own and compared with the reference. */
    @Test
    void aDiffOfTheReferenceAndOneChunksSnapshotGivesTheChunksStatistics() {
        Snapshot ref = reference();
        for (int h : new int[] {0, 7, 23}) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            TreeMap<String, Long> cats = new TreeMap<>();
            for (long i = (long) h * perChunk; i < (long) (h + 1) * perChunk; i++) {
                xs.add(x(i));
                if (yPresent(i)) ys.add(y(i));
                cats.merge(c(i), 1L, Long::sum);
            }
            Snapshot chunk = new Snapshot("m", 0, 1, perChunk, 1000, 10_000,
                    List.of(ReferenceStatistics.numeric("x", xs.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0, 0, 1000, 10_000),
                            ReferenceStatistics.numeric("y", ys.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0, 0, 1000, 10_000)),
                    List.of(new CategoricalReference("c", perChunk, 0, 0, cats.keySet().toArray(new String[0]),
                            cats.values().stream().mapToLong(Long::longValue).toArray())));
            Map<String, SnapshotDiff.Row> rows = new HashMap<>();
            for (SnapshotDiff.Row r : SnapshotDiff.compare(ref, chunk)) rows.put(r.feature, r);
            for (String name : List.of("x", "y", "c")) {
                JsonNode g = golden.get("features").get(name);
                int k = -1;
                for (int u = 0; u < g.get("used_chunks").size(); u++) if (g.get("used_chunks").get(u).asInt() == h) k = u;
                double[] got = rows.get(name).values;
                for (int st = 0; st < got.length; st++) {
                    double want = g.get("chunk_values").get(k).get(st).asDouble();
                    assertThat(got[st]).as(name + " chunk " + h + " statistic " + st)
                            .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
                }
            }
        }
    }

    @Test
    void aDiffIsOrderedByHowFarBeyondTheOldThresholdsAStatisticIs() {
        Snapshot ref = reference();
        Map<String, DriftThresholds.Feature> t = new TreeMap<>();
        t.put("x", new DriftThresholds.Feature("x", false, 24, new double[5], new double[5], new double[] {1, 1, 1, 0.01, 1}));
        t.put("y", new DriftThresholds.Feature("y", false, 24, new double[5], new double[5], new double[] {1, 1, 1, 1, 1}));
        List<SnapshotDiff.Row> rows = SnapshotDiff.compare(ref.withThresholds(new DriftThresholds(HOUR, 30, t)), ref.withValidFrom(0));
        assertThat(rows).extracting(r -> r.feature).containsExactly("x", "y", "c");
        assertThat(rows.get(0).beyond).isEmpty(); // the same data: every statistic 0
    }

    @Test
    void fewerThanFourChunksGiveNoThresholdsAndAStatisticWithoutFiniteValuesNone() {
        List<double[]> three = List.of(new double[] {1, 1, 1, 1, 1}, new double[] {2, 2, 2, 2, 2}, new double[] {3, 3, 3, 3, 3});
        assertThat(DriftThresholds.calibrate("f", false, three)).isNull();
        List<double[]> four = new ArrayList<>(three);
        four.add(new double[] {4, 4, 4, Double.POSITIVE_INFINITY, 4});
        DriftThresholds.Feature t = DriftThresholds.calibrate("f", false, four);
        assertThat(t.threshold[0]).isCloseTo(2.5 + 3 * Math.sqrt(1.25), within(1e-12));
        assertThat(t.threshold[3]).isNaN(); // only three finite mean_shift values
        assertThat(t.alertBy(new double[] {6, 1, 1, 1e9, 6})).isEqualTo("psi,std_shift");
        assertThat(t.alertBy(new double[] {Double.NaN, 1, 1, 1, 1})).isEmpty();
    }
}
