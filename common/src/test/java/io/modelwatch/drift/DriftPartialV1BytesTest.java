package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bytes of the v1 serializer (the public-struct DriftPartial until 2026-12), written by that code into
 * src/test/resources/drift/v1/ (jobs' DriftPartialV1Files) from the snapshot and lines beside them: the one
 * window-state type reads them to the same figures as it computes from the same lines today.
 */
class DriftPartialV1BytesTest {

    private static Path dir() throws URISyntaxException {
        return Path.of(DriftPartialV1BytesTest.class.getResource("/drift/v1/m.snapshot.json").toURI()).getParent();
    }

    private static Snapshot snapshot() throws Exception {
        return SnapshotFiles.read(dir().resolve("m.snapshot.json"), true);
    }

    private static DriftPartial accumulated(Snapshot s, boolean exact) throws Exception {
        DriftPartial p = DriftPartial.forWindow(s, 3_600_000, 7_200_000, exact);
        PredictionParser parser = new PredictionParser();
        for (String l : Files.readAllLines(dir().resolve("lines.jsonl"), StandardCharsets.UTF_8)) {
            assertThat(parser.parse(l.getBytes(StandardCharsets.UTF_8))).as(l).isNull();
            p.update(parser.record());
        }
        return p;
    }

    private static List<DriftPartial> read(String file, int expected) throws Exception {
        byte[] bytes;
        try (InputStream in = DriftPartialV1BytesTest.class.getResourceAsStream("/drift/v1/" + file)) {
            assertThat(in).as(file).isNotNull();
            bytes = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<DriftPartial> out = new ArrayList<>();
        for (int k = 0; k < expected; k++) out.add(DriftPartial.readFrom(in));
        assertThat(in.available()).as("bytes left over in " + file).isZero();
        return out;
    }

    private static DriftSettings settings(boolean exact) {
        DriftSettings d = DriftSettings.defaults();
        return new DriftSettings(exact, d.alpha, d.minCount);
    }

    private static void assertSameFigures(DriftPartial actual, DriftPartial expected, Snapshot s, boolean exact) {
        List<FeatureDrift> a = FeatureDriftCalculator.compute(actual, s, settings(exact));
        List<FeatureDrift> e = FeatureDriftCalculator.compute(expected, s, settings(exact));
        assertThat(a).hasSameSizeAs(e).isNotEmpty();
        assertThat(e).anySatisfy(f -> assertThat(f.hasStatistics).isTrue());
        for (int i = 0; i < e.size(); i++) assertThat(a.get(i)).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                .isEqualTo(e.get(i));
    }

    @Test
    void v1PartialsReadToTheFiguresOfTheSameLinesToday() throws Exception {
        Snapshot s = snapshot();
        for (Object[] c : new Object[][] {{"grid-1-shard.bin", 1, false}, {"grid-3-shards.bin", 3, false},
                {"exact-2-shards.bin", 2, true}}) {
            boolean exact = (Boolean) c[2];
            List<DriftPartial> v1 = read((String) c[0], (Integer) c[1]);
            List<DriftPartial> today = accumulated(s, exact).split((Integer) c[1]);
            assertThat(v1).hasSameSizeAs(today);
            for (int k = 0; k < v1.size(); k++) {
                assertThat(v1.get(k).shard()).isEqualTo(k);
                assertThat(v1.get(k).takesUpdates()).isFalse();
                assertSameFigures(v1.get(k), today.get(k), s, exact);
                // written again, they are v2 bytes, which read to the same figures
                assertSameFigures(DriftPartial.fromBytes(v1.get(k).toBytes()), today.get(k), s, exact);
            }
        }
    }

    @Test
    void aV1PartialMergesWithATodayPartialOfTheSameReference() throws Exception {
        Snapshot s = snapshot();
        DriftPartial v1 = read("grid-1-shard.bin", 1).get(0);
        DriftPartial twice = accumulated(s, false);
        twice.merge(accumulated(s, false));
        // old into new and new into old: the unrecorded shift is the other side's (the same reference mean)
        assertSameFigures(v1.copy().merge(accumulated(s, false)), twice, s, false);
        assertSameFigures(accumulated(s, false).merge(v1), twice, s, false);
        assertThat(FeatureDriftCalculator.compute(twice, s, settings(false)).get(1).count)
                .isEqualTo(2 * FeatureDriftCalculator.compute(v1, s, settings(false)).get(1).count);
    }

    /** The hand-made partials of the v1 serializer's own test, field by field. */
    @Test
    void theV1SerializersHandMadeSampleReadsFieldByField() throws Exception {
        List<DriftPartial> both = read("sample-and-empty.bin", 2);
        DriftPartial p = both.get(0);
        assertThat(p.model()).isEqualTo("model-ä");
        assertThat(p.windowStart()).isEqualTo(1_795_507_200_000L);
        assertThat(p.windowEnd()).isEqualTo(1_795_510_800_000L);
        assertThat(p.shard()).isEqualTo(3);
        assertThat(p.records()).isEqualTo(1234);
        assertThat(p.numFrom()).isEqualTo(4);
        assertThat(p.numericFeatures()).isEqualTo(2);
        assertThat(p.cells()).isEqualTo(5);
        double[][] parts = {{7, 1, -1.25, 3.0e-17, -4.5, 1e300}, {0, 300, 0, 0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}};
        for (int i = 0; i < 2; i++) {
            Moments m = p.numeric(i, Double.NaN);
            assertThat(m.count()).isEqualTo((long) parts[i][0]);
            assertThat(p.numericInvalid(i)).isEqualTo((long) parts[i][1]);
            assertThat(m.shiftedSum()).isEqualTo(parts[i][2]);
            assertThat(m.shiftedSumSq()).isEqualTo(parts[i][3]);
            assertThat(m.rawMin()).isEqualTo(parts[i][4]);
            assertThat(m.rawMax()).isEqualTo(parts[i][5]);
        }
        assertThat(p.numericCells(0)).containsExactly(0, 2, 0, 0, 5);
        assertThat(p.numericCells(1)).containsOnly(0);
        assertThat(p.exact()).isTrue();
        assertThat(p.sortedValues(0)).containsExactly(-4.5, 0, 0, 1, 2, 3, 1e300);
        assertThat(p.sortedValues(1)).isEmpty();
        assertThat(p.catFrom()).isEqualTo(1);
        assertThat(p.categoricalFeatures()).isEqualTo(2);
        assertThat(p.categoricalCount(0)).isEqualTo(10);
        assertThat(p.categoricalCount(1)).isEqualTo(1L << 40);
        assertThat(p.categoricalInvalid(0)).isZero();
        assertThat(p.categoricalInvalid(1)).isEqualTo(2);
        assertThat(p.categoryCounts(0)).containsExactly(4, 0, 3);
        assertThat(p.categoryCounts(1)).containsExactly(0, 1L << 40);
        assertThat(p.unseen(0)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("new", 2L, "ünïcode \"x\"", 1L)));
        assertThat(p.unseen(1)).containsExactlyEntriesOf(Map.of("", 5L));

        DriftPartial empty = both.get(1);
        assertThat(empty.model()).isEqualTo("m");
        assertThat(empty.numFrom()).isEqualTo(2);
        assertThat(empty.numericFeatures()).isZero();
        assertThat(empty.cells()).isEqualTo(1999);
        assertThat(empty.categoricalFeatures()).isZero();
        assertThat(empty.exact()).isFalse();
    }

    @Test
    void anUnknownVersionFailsWithItsNumber() {
        byte[] bytes = {(byte) 0xFE, 9, 0, 0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriftPartial.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    }
}
