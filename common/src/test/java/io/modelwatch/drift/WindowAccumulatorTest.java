package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.ReferenceStatistics;
import io.modelwatch.reference.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowAccumulatorTest {

    private static final int NUMERIC = 5;
    private static final String[] CATEGORIES = {"a", "b", "c"};

    /** n0..n4 numeric on a grid of 20 (n3 integer-valued, so windows hit edges), c0/c1 categorical, __prediction. */
    static Snapshot snapshot() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<NumericReference> numeric = new ArrayList<>();
        for (int f = 0; f < NUMERIC; f++) {
            double[] v = new double[400];
            for (int i = 0; i < v.length; i++) v[i] = f == 3 ? rnd.nextInt(6) : 10 * f + rnd.nextGaussian() * (1 + f);
            Arrays.sort(v);
            numeric.add(ReferenceStatistics.numeric("n" + f, v, 1, 0, 20, 1000));
        }
        double[] p = new double[200];
        for (int i = 0; i < p.length; i++) p[i] = rnd.nextDouble();
        Arrays.sort(p);
        numeric.add(ReferenceStatistics.numeric(Snapshot.PREDICTION_FEATURE, p, 0, 0, 20, 1000));
        List<CategoricalReference> categorical = List.of(
                new CategoricalReference("c0", 60, 0, 0, CATEGORIES, new long[] {30, 20, 10}),
                new CategoricalReference("c1", 60, 0, 0, new String[] {"false", "true"}, new long[] {40, 20}));
        return new Snapshot("m", 0, 1, 400, 20, 1000, numeric, categorical);
    }

    /** Random lines: values, nulls, NaN, wrong types, unseen categories, unknown features, shuffled order. */
    static List<String> lines(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> kv = new ArrayList<>();
            for (int f = 0; f < NUMERIC; f++) {
                double u = rnd.nextDouble();
                String v = u < 0.05 ? null
                        : u < 0.08 ? "null"
                        : u < 0.10 ? "NaN"
                        : u < 0.11 ? "Infinity"
                        : u < 0.14 ? "\"text\""
                        : u < 0.15 ? "true"
                        : u < 0.16 ? "{\"x\":1}"
                        : f == 3 ? Integer.toString(rnd.nextInt(7))
                        : Double.toString(10 * f + 0.5 + rnd.nextGaussian() * (1 + f));
                if (v != null) kv.add("\"n" + f + "\":" + v);
            }
            double u = rnd.nextDouble();
            String c0 = u < 0.05 ? null : u < 0.1 ? "null" : u < 0.13 ? "4" : u < 0.2 ? "\"new" + rnd.nextInt(3) + "\""
                    : "\"" + CATEGORIES[rnd.nextInt(3)] + "\"";
            if (c0 != null) kv.add("\"c0\":" + c0);
            double w = rnd.nextDouble();
            kv.add("\"c1\":" + (w < 0.05 ? "[true]" : w < 0.5 ? "true" : "false"));
            if (rnd.nextDouble() < 0.3) kv.add("\"unknown_" + rnd.nextInt(3) + "\":1.5");
            if (rnd.nextDouble() < 0.2) java.util.Collections.shuffle(kv, new java.util.Random(rnd.nextLong()));
            String prediction = rnd.nextDouble() < 0.1 ? ",\"prediction\":\"label\"" : rnd.nextDouble() < 0.1 ? ""
                    : ",\"prediction\":" + rnd.nextDouble();
            out.add("{\"ts\":" + i + ",\"model\":\"m\"" + prediction + ",\"features\":{" + String.join(",", kv) + "}}");
        }
        return out;
    }

    static void addAll(WindowAccumulator acc, List<String> lines) {
        PredictionParser parser = new PredictionParser();
        for (String l : lines) {
            assertThat(parser.parse(l.getBytes(StandardCharsets.UTF_8))).as(l).isNull();
            acc.add(parser.record());
        }
    }

    static Map<String, Long> unseen(DriftPartial p, int feature) {
        Map<String, Long> m = new TreeMap<>();
        for (int u = 0; u < p.unseenFeature.length; u++) {
            if (p.unseenFeature[u] == feature) m.merge(p.unseenName[u], p.unseenCount[u], Long::sum);
        }
        return m;
    }

    static void assertSamePartial(DriftPartial a, DriftPartial e) {
        assertThat(a.model).isEqualTo(e.model);
        assertThat(a.windowStart).isEqualTo(e.windowStart);
        assertThat(a.windowEnd).isEqualTo(e.windowEnd);
        assertThat(a.shard).isEqualTo(e.shard);
        assertThat(a.records).isEqualTo(e.records);
        assertThat(a.cells).isEqualTo(e.cells);
        assertThat(a.numFrom).isEqualTo(e.numFrom);
        assertThat(a.numTo).isEqualTo(e.numTo);
        assertThat(a.numCount).containsExactly(e.numCount);
        assertThat(a.numInvalid).containsExactly(e.numInvalid);
        for (int i = 0; i < e.numSum.length; i++) {
            assertThat(a.numSum[i]).isCloseTo(e.numSum[i], within(1e-9 * (1 + Math.abs(e.numSum[i]))));
            assertThat(a.numSumSq[i]).isCloseTo(e.numSumSq[i], within(1e-9 * (1 + Math.abs(e.numSumSq[i]))));
        }
        assertThat(a.numMin).containsExactly(e.numMin);
        assertThat(a.numMax).containsExactly(e.numMax);
        assertThat(a.numCells).containsExactly(e.numCells);
        if (e.numValues == null) {
            assertThat(a.numValues).isNull();
        } else {
            for (int i = 0; i < e.numValues.length; i++) {
                double[] av = Arrays.copyOf(a.numValues[i], a.numValueCount[i]);
                double[] ev = Arrays.copyOf(e.numValues[i], e.numValueCount[i]);
                Arrays.sort(av);
                Arrays.sort(ev);
                assertThat(av).containsExactly(ev);
            }
        }
        assertThat(a.catFrom).isEqualTo(e.catFrom);
        assertThat(a.catTo).isEqualTo(e.catTo);
        assertThat(a.catCount).containsExactly(e.catCount);
        assertThat(a.catInvalid).containsExactly(e.catInvalid);
        assertThat(a.catOffset).containsExactly(e.catOffset);
        assertThat(a.catCounts).containsExactly(e.catCounts);
        for (int i = 0; i < e.categoricalFeatures(); i++) assertThat(unseen(a, i)).isEqualTo(unseen(e, i));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 100})
    void addingInOneAccumulatorEqualsSplittingAcrossTwoAndMerging(int shards) {
        for (boolean exact : new boolean[] {false, true}) {
            Snapshot s = snapshot();
            List<String> all = lines(700, shards);
            WindowAccumulator one = new WindowAccumulator(s, 1000, 2000, exact);
            addAll(one, all);
            WindowAccumulator left = new WindowAccumulator(s, 1000, 2000, exact);
            WindowAccumulator right = new WindowAccumulator(s, 1000, 2000, exact);
            addAll(left, all.subList(0, 333));
            addAll(right, all.subList(333, all.size()));
            List<DriftPartial> expected = one.toPartials(shards);
            List<DriftPartial> l = left.toPartials(shards), r = right.toPartials(shards);
            assertThat(l).hasSameSizeAs(expected).hasSameSizeAs(r);
            for (int k = 0; k < expected.size(); k++) {
                assertSamePartial(FeatureDriftCalculator.merge(l.get(k), r.get(k)), expected.get(k));
            }
        }
    }

    @Test
    void unseenCategoriesSplitAcrossTwoAccumulatorsAreSummedByName() {
        Snapshot s = snapshot();
        WindowAccumulator left = new WindowAccumulator(s, 0, 1, false), right = new WindowAccumulator(s, 0, 1, false);
        addAll(left, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"x\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"y\"}}"));
        addAll(right, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"x\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"a\"}}"));
        DriftPartial merged = FeatureDriftCalculator.merge(left.toPartials(1).get(0), right.toPartials(1).get(0));
        assertThat(unseen(merged, 0)).containsExactlyEntriesOf(new TreeMap<>(Map.of("x", 2L, "y", 1L)));
        assertThat(merged.catCount[0]).isEqualTo(4);
        assertThat(merged.catCounts[merged.catOffset[0]]).isEqualTo(1);
    }

    /** Counts, min, max and cells of feature {@code f} binned one value at a time. */
    private static void assertBinnedLikeOneByOne(DriftPartial p, Snapshot s, String name, double[] values) {
        int f = s.numericIndex(name);
        double[] edges = s.numeric(f).innerEdges();
        long[] cells = new long[p.cells];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            cells[GridHistogram.cell(edges, v)]++;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int i = f - p.numFrom;
        assertThat(p.numCount[i]).isEqualTo(values.length);
        assertThat(Arrays.copyOfRange(p.numCells, i * p.cells, (i + 1) * p.cells)).containsExactly(cells);
        if (values.length > 0) {
            assertThat(p.numMin[i]).isEqualTo(min);
            assertThat(p.numMax[i]).isEqualTo(max);
            double shift = s.numeric(f).mean, sum = 0;
            for (double v : values) sum += v - shift;
            assertThat(p.numSum[i]).isCloseTo(sum, within(1e-9 * (1 + Math.abs(sum))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 127, 128, 129, 300, 1000})
    void pendingBatchesBinLikeOneValueAtATime(int n) {
        Snapshot s = snapshot();
        SplittableRandom rnd = new SplittableRandom(n);
        double[] v1 = new double[n], v3 = new double[n];
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        PredictionParser parser = new PredictionParser();
        for (int i = 0; i < n; i++) {
            v1[i] = 10 + rnd.nextGaussian() * 4;
            v3[i] = rnd.nextInt(8); // integers: on the edges, below and above the reference
            parser.parse(("{\"ts\":0,\"model\":\"m\",\"features\":{\"n1\":" + v1[i] + ",\"n3\":" + v3[i] + "}}")
                    .getBytes(StandardCharsets.UTF_8));
            acc.add(parser.record());
        }
        DriftPartial p = acc.toPartials(1).get(0);
        assertBinnedLikeOneByOne(p, s, "n1", v1);
        assertBinnedLikeOneByOne(p, s, "n3", v3);
        assertThat(p.records).isEqualTo(n);
    }

    @Test
    void valuesAddedAfterAFlushAreBinnedOnTheNextOne() {
        Snapshot s = snapshot();
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        List<String> first = new ArrayList<>(), second = new ArrayList<>();
        double[] all = new double[250];
        for (int i = 0; i < all.length; i++) {
            all[i] = i * 0.1;
            (i < 100 ? first : second).add("{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":" + all[i] + "}}");
        }
        addAll(acc, first);
        assertBinnedLikeOneByOne(acc.toPartials(1).get(0), s, "n0", Arrays.copyOf(all, 100));
        addAll(acc, second);
        assertBinnedLikeOneByOne(acc.toPartials(1).get(0), s, "n0", all);
    }

    @Test
    void missingIsRecordsMinusCountMinusInvalidAndWrongTypesAreInvalid() {
        Snapshot s = snapshot();
        WindowAccumulator acc = new WindowAccumulator(s, 0, 3_600_000, false);
        addAll(acc, List.of(
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":1.5,\"c0\":\"a\",\"c1\":true}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":null,\"c0\":null}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":NaN,\"c0\":3,\"c1\":{}}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":\"1.5\",\"c0\":false}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":true,\"c0\":[\"a\"]}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":[1],\"c0\":\"zzz\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":-Infinity}}",
                "{\"ts\":0,\"model\":\"m\"}"));
        DriftPartial p = acc.toPartials(1).get(0);
        assertThat(p.records).isEqualTo(8);
        int n0 = s.numericIndex("n0");
        assertThat(n0).isEqualTo(1); // after __prediction
        assertThat(p.numCount[n0]).isEqualTo(1);
        assertThat(p.numInvalid[n0]).isEqualTo(3); // "1.5", true, [1]
        assertThat(p.catCount[0]).isEqualTo(3); // "a", false (a boolean is categorical), "zzz"
        assertThat(p.catInvalid[0]).isEqualTo(2); // 3, ["a"]
        assertThat(unseen(p, 0)).containsOnlyKeys("false", "zzz");
        assertThat(p.catCount[1]).isEqualTo(1);
        assertThat(p.catInvalid[1]).isEqualTo(1);

        List<FeatureDrift> drift = FeatureDriftCalculator.compute(p, s, DriftSettings.defaults());
        FeatureDrift d0 = drift.stream().filter(f -> f.feature.equals("n0")).findFirst().orElseThrow();
        assertThat(d0.count).isEqualTo(1);
        assertThat(d0.invalid).isEqualTo(3);
        assertThat(d0.missing).isEqualTo(4); // null, NaN, -Infinity, absent
        assertThat(d0.missingRate).isEqualTo(0.5);
        FeatureDrift c0 = drift.stream().filter(f -> f.feature.equals("c0")).findFirst().orElseThrow();
        assertThat(c0.missing).isEqualTo(3); // null, absent twice
        FeatureDrift n2 = drift.stream().filter(f -> f.feature.equals("n2")).findFirst().orElseThrow();
        assertThat(n2.missing).isEqualTo(8);
        assertThat(n2.hasStatistics).isFalse();
    }

    @Test
    void changingFeatureOrderStillLandsEachValueOnItsFeature() {
        Snapshot s = snapshot();
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        addAll(acc, List.of(
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":1,\"n1\":101,\"c0\":\"a\",\"n2\":201}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n2\":202,\"n0\":2,\"n1\":102,\"c0\":\"b\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"c\",\"unknown\":999,\"n1\":103}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":3,\"n1\":104,\"c0\":\"a\",\"n2\":203,\"n4\":401}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n1\":105}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":4,\"n1\":106,\"c0\":\"a\",\"n2\":204}}"));
        DriftPartial p = acc.toPartials(1).get(0);
        // numeric index 0 is __prediction: n0..n4 are 1..5
        assertThat(p.numCount).containsExactly(0, 4, 6, 4, 0, 1);
        assertThat(p.numMin).startsWith(Double.POSITIVE_INFINITY, 1, 101, 201);
        assertThat(p.numMax).startsWith(Double.NEGATIVE_INFINITY, 4, 106, 204);
        assertThat(p.numMin[5]).isEqualTo(401);
        assertThat(Arrays.copyOfRange(p.catCounts, p.catOffset[0], p.catOffset[1])).containsExactly(3, 1, 1);
        assertThat(p.unseenFeature).isEmpty();
    }

    @Test
    void unknownFeaturesAreIgnored() {
        Snapshot s = snapshot();
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        addAll(acc, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"x\":1,\"y\":\"a\",\"z\":true}}"));
        DriftPartial p = acc.toPartials(1).get(0);
        assertThat(p.records).isEqualTo(1);
        assertThat(p.numCount).containsOnly(0);
        assertThat(p.numInvalid).containsOnly(0);
        assertThat(p.catCount).containsOnly(0);
        assertThat(p.catInvalid).containsOnly(0);
        assertThat(p.unseenName).isEmpty();
    }

    @Test
    void numericPredictionIsDriftCheckedAndAStringPredictionIsInvalid() {
        Snapshot s = snapshot();
        int pi = s.numericIndex(Snapshot.PREDICTION_FEATURE);
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        addAll(acc, List.of("{\"ts\":0,\"model\":\"m\",\"prediction\":0.25}",
                "{\"ts\":0,\"model\":\"m\",\"prediction\":\"yes\"}", "{\"ts\":0,\"model\":\"m\"}"));
        DriftPartial p = acc.toPartials(1).get(0);
        assertThat(p.numCount[pi]).isEqualTo(1);
        assertThat(p.numInvalid[pi]).isEqualTo(1);
        assertThat(p.numMin[pi]).isEqualTo(0.25);
    }

    @Test
    void shardsCoverEveryFeatureOnceInContiguousRanges() {
        Snapshot s = snapshot();
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        addAll(acc, lines(50, 9));
        for (int shards : new int[] {1, 2, 4, 6, 50}) {
            List<DriftPartial> parts = acc.toPartials(shards);
            assertThat(parts).hasSize(Math.min(shards, 6));
            int num = 0, cat = 0;
            for (int k = 0; k < parts.size(); k++) {
                DriftPartial p = parts.get(k);
                assertThat(p.shard).isEqualTo(k);
                assertThat(p.numFrom).isEqualTo(num);
                assertThat(p.catFrom).isEqualTo(cat);
                assertThat(p.numCells).hasSize(p.numericFeatures() * p.cells);
                assertThat(p.catOffset).hasSize(p.categoricalFeatures() + 1);
                num = p.numTo;
                cat = p.catTo;
            }
            assertThat(num).isEqualTo(6);
            assertThat(cat).isEqualTo(2);
        }
    }
}
