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

class DriftPartialTest {

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

    static void addAll(DriftPartial acc, List<String> lines) {
        PredictionParser parser = new PredictionParser();
        for (String l : lines) {
            assertThat(parser.parse(l.getBytes(StandardCharsets.UTF_8))).as(l).isNull();
            acc.update(parser.record());
        }
    }

    static long[] counts(DriftPartial p) {
        long[] c = new long[p.numericFeatures()];
        for (int i = 0; i < c.length; i++) c[i] = p.numericCount(i);
        return c;
    }

    /** Min per numeric feature, +Infinity where it has no value. */
    static double[] mins(DriftPartial p) {
        double[] c = new double[p.numericFeatures()];
        for (int i = 0; i < c.length; i++) c[i] = p.numeric(i, 0).rawMin();
        return c;
    }

    static double[] maxes(DriftPartial p) {
        double[] c = new double[p.numericFeatures()];
        for (int i = 0; i < c.length; i++) c[i] = p.numeric(i, 0).rawMax();
        return c;
    }

    static Map<String, Long> unseen(DriftPartial p, int feature) {
        return p.unseen(feature);
    }

    static void assertSamePartial(DriftPartial a, DriftPartial e) {
        assertThat(a.model()).isEqualTo(e.model());
        assertThat(a.windowStart()).isEqualTo(e.windowStart());
        assertThat(a.windowEnd()).isEqualTo(e.windowEnd());
        assertThat(a.shard()).isEqualTo(e.shard());
        assertThat(a.records()).isEqualTo(e.records());
        assertThat(a.cells()).isEqualTo(e.cells());
        assertThat(a.numFrom()).isEqualTo(e.numFrom());
        assertThat(a.numericFeatures()).isEqualTo(e.numericFeatures());
        for (int i = 0; i < e.numericFeatures(); i++) {
            Moments am = a.numeric(i, 0), em = e.numeric(i, 0);
            assertThat(am.count()).isEqualTo(em.count());
            assertThat(a.numericInvalid(i)).isEqualTo(e.numericInvalid(i));
            assertThat(am.shift()).isEqualTo(em.shift());
            assertThat(am.shiftedSum()).isCloseTo(em.shiftedSum(), within(1e-9 * (1 + Math.abs(em.shiftedSum()))));
            assertThat(am.shiftedSumSq()).isCloseTo(em.shiftedSumSq(), within(1e-9 * (1 + Math.abs(em.shiftedSumSq()))));
            assertThat(am.rawMin()).isEqualTo(em.rawMin());
            assertThat(am.rawMax()).isEqualTo(em.rawMax());
            assertThat(a.numericCells(i)).containsExactly(e.numericCells(i));
            assertThat(a.exact()).isEqualTo(e.exact());
            if (e.exact()) assertThat(a.sortedValues(i)).containsExactly(e.sortedValues(i));
        }
        assertThat(a.catFrom()).isEqualTo(e.catFrom());
        assertThat(a.categoricalFeatures()).isEqualTo(e.categoricalFeatures());
        for (int i = 0; i < e.categoricalFeatures(); i++) {
            assertThat(a.categoricalCount(i)).isEqualTo(e.categoricalCount(i));
            assertThat(a.categoricalInvalid(i)).isEqualTo(e.categoricalInvalid(i));
            assertThat(a.categoryCounts(i)).containsExactly(e.categoryCounts(i));
            assertThat(unseen(a, i)).isEqualTo(unseen(e, i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 100})
    void addingInOneAccumulatorEqualsSplittingAcrossTwoAndMerging(int shards) {
        for (boolean exact : new boolean[] {false, true}) {
            Snapshot s = snapshot();
            List<String> all = lines(700, shards);
            DriftPartial one = DriftPartial.forWindow(s, 1000, 2000, exact);
            addAll(one, all);
            DriftPartial left = DriftPartial.forWindow(s, 1000, 2000, exact);
            DriftPartial right = DriftPartial.forWindow(s, 1000, 2000, exact);
            addAll(left, all.subList(0, 333));
            addAll(right, all.subList(333, all.size()));
            List<DriftPartial> expected = one.split(shards);
            List<DriftPartial> l = left.split(shards), r = right.split(shards);
            assertThat(l).hasSameSizeAs(expected).hasSameSizeAs(r);
            for (int k = 0; k < expected.size(); k++) {
                assertSamePartial(l.get(k).merge(r.get(k)), expected.get(k));
            }
        }
    }

    @Test
    void unseenCategoriesSplitAcrossTwoAccumulatorsAreSummedByName() {
        Snapshot s = snapshot();
        DriftPartial left = DriftPartial.forWindow(s, 0, 1, false), right = DriftPartial.forWindow(s, 0, 1, false);
        addAll(left, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"x\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"y\"}}"));
        addAll(right, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"x\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"a\"}}"));
        DriftPartial merged = left.split(1).get(0).merge(right.split(1).get(0));
        assertThat(unseen(merged, 0)).containsExactlyEntriesOf(new TreeMap<>(Map.of("x", 2L, "y", 1L)));
        assertThat(merged.categoricalCount(0)).isEqualTo(4);
        assertThat(merged.categoryCounts(0)[0]).isEqualTo(1);
    }

    /** Counts, min, max and cells of feature {@code f} binned one value at a time. */
    private static void assertBinnedLikeOneByOne(DriftPartial p, Snapshot s, String name, double[] values) {
        int f = s.numericIndex(name);
        double[] edges = s.numeric(f).innerEdges();
        long[] cells = new long[p.cells()];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            cells[GridHistogram.cell(edges, v)]++;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int i = f - p.numFrom();
        assertThat(p.numericCount(i)).isEqualTo(values.length);
        assertThat(p.numericCells(i)).containsExactly(cells);
        if (values.length > 0) {
            assertThat(p.numeric(i, 0).min()).isEqualTo(min);
            assertThat(p.numeric(i, 0).max()).isEqualTo(max);
            double shift = s.numeric(f).mean, sum = 0;
            for (double v : values) sum += v - shift;
            assertThat(p.numeric(i, 0).shiftedSum()).isCloseTo(sum, within(1e-9 * (1 + Math.abs(sum))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 127, 128, 129, 300, 1000})
    void pendingBatchesBinLikeOneValueAtATime(int n) {
        Snapshot s = snapshot();
        SplittableRandom rnd = new SplittableRandom(n);
        double[] v1 = new double[n], v3 = new double[n];
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        PredictionParser parser = new PredictionParser();
        for (int i = 0; i < n; i++) {
            v1[i] = 10 + rnd.nextGaussian() * 4;
            v3[i] = rnd.nextInt(8); // integers: on the edges, below and above the reference
            parser.parse(("{\"ts\":0,\"model\":\"m\",\"features\":{\"n1\":" + v1[i] + ",\"n3\":" + v3[i] + "}}")
                    .getBytes(StandardCharsets.UTF_8));
            acc.update(parser.record());
        }
        DriftPartial p = acc.split(1).get(0);
        assertBinnedLikeOneByOne(p, s, "n1", v1);
        assertBinnedLikeOneByOne(p, s, "n3", v3);
        assertThat(p.records()).isEqualTo(n);
    }

    @Test
    void valuesAddedAfterAFlushAreBinnedOnTheNextOne() {
        Snapshot s = snapshot();
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        List<String> first = new ArrayList<>(), second = new ArrayList<>();
        double[] all = new double[250];
        for (int i = 0; i < all.length; i++) {
            all[i] = i * 0.1;
            (i < 100 ? first : second).add("{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":" + all[i] + "}}");
        }
        addAll(acc, first);
        assertBinnedLikeOneByOne(acc.split(1).get(0), s, "n0", Arrays.copyOf(all, 100));
        addAll(acc, second);
        assertBinnedLikeOneByOne(acc.split(1).get(0), s, "n0", all);
    }

    @Test
    void missingIsRecordsMinusCountMinusInvalidAndWrongTypesAreInvalid() {
        Snapshot s = snapshot();
        DriftPartial acc = DriftPartial.forWindow(s, 0, 3_600_000, false);
        addAll(acc, List.of(
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":1.5,\"c0\":\"a\",\"c1\":true}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":null,\"c0\":null}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":NaN,\"c0\":3,\"c1\":{}}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":\"1.5\",\"c0\":false}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":true,\"c0\":[\"a\"]}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":[1],\"c0\":\"zzz\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":-Infinity}}",
                "{\"ts\":0,\"model\":\"m\"}"));
        DriftPartial p = acc.split(1).get(0);
        assertThat(p.records()).isEqualTo(8);
        int n0 = s.numericIndex("n0");
        assertThat(n0).isEqualTo(1); // after __prediction
        assertThat(p.numericCount(n0)).isEqualTo(1);
        assertThat(p.numericInvalid(n0)).isEqualTo(3); // "1.5", true, [1]
        assertThat(p.categoricalCount(0)).isEqualTo(3); // "a", false (a boolean is categorical), "zzz"
        assertThat(p.categoricalInvalid(0)).isEqualTo(2); // 3, ["a"]
        assertThat(unseen(p, 0)).containsOnlyKeys("false", "zzz");
        assertThat(p.categoricalCount(1)).isEqualTo(1);
        assertThat(p.categoricalInvalid(1)).isEqualTo(1);

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
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        addAll(acc, List.of(
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":1,\"n1\":101,\"c0\":\"a\",\"n2\":201}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n2\":202,\"n0\":2,\"n1\":102,\"c0\":\"b\"}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"c0\":\"c\",\"unknown\":999,\"n1\":103}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":3,\"n1\":104,\"c0\":\"a\",\"n2\":203,\"n4\":401}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n1\":105}}",
                "{\"ts\":0,\"model\":\"m\",\"features\":{\"n0\":4,\"n1\":106,\"c0\":\"a\",\"n2\":204}}"));
        DriftPartial p = acc.split(1).get(0);
        // numeric index 0 is __prediction: n0..n4 are 1..5
        assertThat(counts(p)).containsExactly(0, 4, 6, 4, 0, 1);
        assertThat(mins(p)).startsWith(Double.POSITIVE_INFINITY, 1, 101, 201);
        assertThat(maxes(p)).startsWith(Double.NEGATIVE_INFINITY, 4, 106, 204);
        assertThat(mins(p)[5]).isEqualTo(401);
        assertThat(p.categoryCounts(0)).containsExactly(3, 1, 1);
        assertThat(unseen(p, 0)).isEmpty();
        assertThat(unseen(p, 1)).isEmpty();
    }

    @Test
    void unknownFeaturesAreIgnored() {
        Snapshot s = snapshot();
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        addAll(acc, List.of("{\"ts\":0,\"model\":\"m\",\"features\":{\"x\":1,\"y\":\"a\",\"z\":true}}"));
        DriftPartial p = acc.split(1).get(0);
        assertThat(p.records()).isEqualTo(1);
        assertThat(counts(p)).containsOnly(0);
        for (int i = 0; i < p.numericFeatures(); i++) assertThat(p.numericInvalid(i)).isZero();
        for (int i = 0; i < p.categoricalFeatures(); i++) assertThat(p.categoricalCount(i)).isZero();
        for (int i = 0; i < p.categoricalFeatures(); i++) assertThat(p.categoricalInvalid(i)).isZero();
        assertThat(unseen(p, 0)).isEmpty();
    }

    @Test
    void numericPredictionIsDriftCheckedAndAStringPredictionIsInvalid() {
        Snapshot s = snapshot();
        int pi = s.numericIndex(Snapshot.PREDICTION_FEATURE);
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        addAll(acc, List.of("{\"ts\":0,\"model\":\"m\",\"prediction\":0.25}",
                "{\"ts\":0,\"model\":\"m\",\"prediction\":\"yes\"}", "{\"ts\":0,\"model\":\"m\"}"));
        DriftPartial p = acc.split(1).get(0);
        assertThat(p.numericCount(pi)).isEqualTo(1);
        assertThat(p.numericInvalid(pi)).isEqualTo(1);
        assertThat(mins(p)[pi]).isEqualTo(0.25);
    }

    @Test
    void shardsCoverEveryFeatureOnceInContiguousRanges() {
        Snapshot s = snapshot();
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, false);
        addAll(acc, lines(50, 9));
        for (int shards : new int[] {1, 2, 4, 6, 50}) {
            List<DriftPartial> parts = acc.split(shards);
            assertThat(parts).hasSize(Math.min(shards, 6));
            int num = 0, cat = 0;
            for (int k = 0; k < parts.size(); k++) {
                DriftPartial p = parts.get(k);
                assertThat(p.shard()).isEqualTo(k);
                assertThat(p.numFrom()).isEqualTo(num);
                assertThat(p.catFrom()).isEqualTo(cat);
                num = p.numFrom() + p.numericFeatures();
                cat = p.catFrom() + p.categoricalFeatures();
            }
            assertThat(num).isEqualTo(6);
            assertThat(cat).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100})
    void bytesGiveBackTheSamePartialInGridAndExactMode(int shards) throws Exception {
        for (boolean exact : new boolean[] {false, true}) {
            DriftPartial acc = DriftPartial.forWindow(snapshot(), 5000, 6000, exact);
            addAll(acc, lines(400, 3));
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(stream);
            List<DriftPartial> parts = acc.split(shards);
            for (DriftPartial p : parts) {
                DriftPartial back = DriftPartial.fromBytes(p.toBytes());
                assertSamePartial(back, p);
                assertThat(back.toBytes()).isEqualTo(p.toBytes());
                p.writeTo(out);
            }
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(stream.toByteArray()));
            for (DriftPartial p : parts) assertSamePartial(DriftPartial.readFrom(in), p);
            assertThat(in.available()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100})
    void aShardWrittenStraightFromThePaneIsTheBytesOfItsSplitCopy(int shards) throws Exception {
        for (boolean exact : new boolean[] {false, true}) {
            DriftPartial acc = DriftPartial.forWindow(snapshot(), 5000, 6000, exact);
            addAll(acc, lines(400, 3));
            for (int f = 0; f < NUMERIC; f++) acc.addOutOfRange(f, f + 1);
            List<DriftPartial> parts = acc.split(shards);
            assertThat(acc.shardCount(shards)).isEqualTo(parts.size());
            for (int s = 0; s < parts.size(); s++) {
                java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
                acc.writeShardTo(new java.io.DataOutputStream(stream), shards, s);
                assertThat(stream.toByteArray()).as("shard %d of %d, exact %s", s, shards, exact).isEqualTo(parts.get(s).toBytes());
            }
        }
    }

    @Test
    void aReusedPartialIsAFreshOneOfItsNewWindow() {
        for (boolean exact : new boolean[] {false, true}) {
            Snapshot s = snapshot();
            DriftPartial reused = DriftPartial.forWindow(s, 0, 1000, exact);
            addAll(reused, lines(300, 6));
            reused.toBytes(); // flushes the pending values, as an emit does
            addAll(reused, lines(7, 8)); // and some still pending
            reused.addOutOfRange(1, 3);
            assertThat(reused.reusableFor(s, exact)).isTrue();
            assertThat(reused.reusableFor(s, !exact)).isFalse();
            assertThat(reused.reusableFor(snapshot(), exact)).as("another snapshot object").isFalse();
            reused.reuseFor(1000, 2000);
            DriftPartial fresh = DriftPartial.forWindow(s, 1000, 2000, exact);
            List<String> next = lines(120, 9);
            addAll(reused, next);
            addAll(fresh, next);
            assertThat(reused.toBytes()).isEqualTo(fresh.toBytes());
            assertThat(DriftPartial.fromBytes(reused.toBytes()).split(1).get(0).toBytes()).isEqualTo(fresh.toBytes());
        }
    }

    @Test
    void aReadBackOrSplitPartialMergesButTakesNoUpdates() {
        DriftPartial acc = DriftPartial.forWindow(snapshot(), 0, 1, false);
        addAll(acc, lines(20, 4));
        DriftPartial part = acc.split(1).get(0);
        assertThat(acc.takesUpdates()).isTrue();
        assertThat(part.takesUpdates()).isFalse();
        assertThat(DriftPartial.fromBytes(part.toBytes()).takesUpdates()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> part.updateRecord())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("takes no updates");
    }

    @Test
    void copyIsDeepAndMergingIntoItLeavesTheOriginal() {
        DriftPartial acc = DriftPartial.forWindow(snapshot(), 0, 1, true);
        addAll(acc, lines(50, 5));
        DriftPartial original = acc.split(1).get(0);
        byte[] before = original.toBytes();
        DriftPartial copy = original.copy();
        copy.merge(original);
        assertThat(original.toBytes()).isEqualTo(before);
        assertThat(copy.records()).isEqualTo(2 * original.records());
        assertThat(copy.unseen(0).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(2 * original.unseen(0).values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void partialsOfDifferentRangesDoNotMerge() {
        DriftPartial acc = DriftPartial.forWindow(snapshot(), 0, 1, false);
        List<DriftPartial> two = acc.split(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.get(0).merge(two.get(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The SQL aggregate's one-feature partial gives the figures of that feature in a whole-window partial. */
    @Test
    void aOneFeaturePartialGivesTheFiguresOfItsFeatureInTheWholeWindow() {
        Snapshot s = snapshot();
        List<String> all = lines(500, 6);
        DriftPartial whole = DriftPartial.forWindow(s, 0, 0, false);
        addAll(whole, all);
        List<FeatureDrift> expected = FeatureDriftCalculator.compute(whole, s, DriftSettings.defaults());
        PredictionParser parser = new PredictionParser();
        for (String name : new String[] {"n1", "n3", "c0"}) {
            DriftPartial one = DriftPartial.forFeature(s, name);
            for (String l : all) {
                parser.parse(l.getBytes(StandardCharsets.UTF_8));
                io.modelwatch.io.PredictionRecord r = parser.record();
                one.updateRecord();
                for (int k = 0; k < r.featureCount; k++) {
                    if (!r.featureNames[k].equals(name)) continue;
                    if (s.numericIndex(name) >= 0) one.updateNumeric(s.numericIndex(name), r.featureKinds[k], r.featureNumbers[k]);
                    else one.updateCategorical(s.categoricalIndex(name), r.featureKinds[k], r.featureStrings[k]);
                }
            }
            FeatureDrift f = FeatureDriftCalculator.compute(one, s, DriftSettings.defaults()).get(0);
            FeatureDrift e = expected.stream().filter(x -> x.feature.equals(name)).findFirst().orElseThrow();
            assertThat(f.hasStatistics).isTrue();
            assertThat(f).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(e);
        }
    }
}
