package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.ReferenceStatistics;
import io.modelwatch.reference.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DriftPartialSerializerTest {

    private static final DriftPartialSerializer SERIALIZER = DriftPartialSerializer.INSTANCE;

    /** Two numeric features (grid 3: 5 cells), two categorical ones, unseen categories; exact values optional. */
    static DriftPartial sample(boolean exact) {
        DriftPartial p = new DriftPartial();
        p.model = "model-ä";
        p.windowStart = 1_795_507_200_000L;
        p.windowEnd = 1_795_510_800_000L;
        p.shard = 3;
        p.records = 1234;
        p.numFrom = 4;
        p.numTo = 6;
        p.cells = 5;
        p.numCount = new long[] {7, 0};
        p.numInvalid = new long[] {1, 300};
        p.numSum = new double[] {-1.25, 0};
        p.numSumSq = new double[] {3.0e-17, 0};
        p.numMin = new double[] {-4.5, Double.POSITIVE_INFINITY};
        p.numMax = new double[] {1e300, Double.NEGATIVE_INFINITY};
        p.numCells = new long[] {0, 2, 0, 0, 5, 0, 0, 0, 0, 0};
        if (exact) {
            p.numValues = new double[][] {{-4.5, 0, 0, 1, 2, 3, 1e300}, {}};
            p.numValueCount = new int[] {7, 0};
        }
        p.catFrom = 1;
        p.catTo = 3;
        p.catCount = new long[] {10, 1L << 40};
        p.catInvalid = new long[] {0, 2};
        p.catOffset = new int[] {0, 3, 5};
        p.catCounts = new long[] {4, 0, 3, 0, 1L << 40};
        p.unseenFeature = new int[] {0, 0, 1};
        p.unseenName = new String[] {"new", "ünïcode \"x\"", ""};
        p.unseenCount = new long[] {2, 1, 5};
        return p;
    }

    /** A shard with no features at all (more shards than features). */
    static DriftPartial empty() {
        DriftPartial p = new DriftPartial();
        p.model = "m";
        p.numFrom = p.numTo = 2;
        p.cells = 1999;
        p.numCount = p.numInvalid = new long[0];
        p.numSum = p.numSumSq = p.numMin = p.numMax = new double[0];
        p.numCells = new long[0];
        p.catFrom = p.catTo = 0;
        p.catCount = p.catInvalid = new long[0];
        p.catOffset = new int[] {0};
        p.catCounts = new long[0];
        p.unseenFeature = new int[0];
        p.unseenName = new String[0];
        p.unseenCount = new long[0];
        return p;
    }

    static void assertSame(DriftPartial a, DriftPartial e) {
        assertThat(a).usingRecursiveComparison().isEqualTo(e);
        assertThat(a.numValues == null).isEqualTo(e.numValues == null);
    }

    static byte[] serialize(DriftPartial p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(p, out);
        return out.getCopyOfBuffer();
    }

    static DriftPartial deserialize(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        DriftPartial p = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        return p;
    }

    @Test
    void roundTripGivesBackEveryFieldInGridMode() throws IOException {
        DriftPartial p = sample(false);
        DriftPartial back = deserialize(serialize(p));
        assertSame(back, p);
        assertThat(back.numValues).isNull();
        assertThat(back.numValueCount).isNull();
    }

    @Test
    void roundTripGivesBackTheExactModeValues() throws IOException {
        DriftPartial p = sample(true);
        assertSame(deserialize(serialize(p)), p);
    }

    @Test
    void roundTripOfAnEmptyShard() throws IOException {
        assertSame(deserialize(serialize(empty())), empty());
    }

    @Test
    void severalPartialsFollowEachOtherInOneStream() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(sample(true), out);
        SERIALIZER.serialize(empty(), out);
        SERIALIZER.serialize(sample(false), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertSame(SERIALIZER.deserialize(in), sample(true));
        assertSame(SERIALIZER.deserialize(SERIALIZER.createInstance(), in), empty());
        assertSame(SERIALIZER.deserialize(in), sample(false));
        assertThat(in.available()).isZero();
    }

    @Test
    void copyBetweenViewsCopiesTheBytes() throws IOException {
        byte[] bytes = serialize(sample(true));
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.copy(new DataInputDeserializer(bytes), out);
        assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void copyIsDeepAndEqual() {
        for (DriftPartial p : List.of(sample(true), sample(false), empty())) {
            DriftPartial c = SERIALIZER.copy(p);
            assertSame(c, p);
            assertThat(c).isNotSameAs(p);
            assertThat(c.numCells).isNotSameAs(p.numCells);
            assertThat(c.catCounts).isNotSameAs(p.catCounts);
            assertThat(c.unseenName).isNotSameAs(p.unseenName);
            assertSame(SERIALIZER.copy(p, new DriftPartial()), p);
        }
        DriftPartial p = sample(true), c = SERIALIZER.copy(p);
        assertThat(c.numValues[0]).isNotSameAs(p.numValues[0]);
        c.numCells[1]++;
        c.numValues[0][0] = 99;
        c.unseenCount[0]++;
        assertSame(p, sample(true));
    }

    @Test
    void varLongsRoundTripOverTheWholeRange() throws IOException {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (long v : values) DriftPartialSerializer.writeVarLong(out, v);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (long v : values) assertThat(DriftPartialSerializer.readVarLong(in)).isEqualTo(v);
        DataOutputSerializer small = new DataOutputSerializer(16);
        DriftPartialSerializer.writeVarLong(small, 127);
        assertThat(small.length()).isEqualTo(1);
    }

    @Test
    void theSnapshotRestoresTheSerializerAndIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<DriftPartial> snapshot = SERIALIZER.snapshotConfiguration();
        assertThat(snapshot).isInstanceOf(DriftPartialSerializer.DriftPartialSerializerSnapshot.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<DriftPartial> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<DriftPartial> serializer = restored.restoreSerializer();
        assertThat(serializer).isSameAs(SERIALIZER);
        TypeSerializerSchemaCompatibility<DriftPartial> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(SERIALIZER.duplicate()).isEqualTo(SERIALIZER);
        assertThat(SERIALIZER.isImmutableType()).isFalse();
        assertThat(SERIALIZER.getLength()).isEqualTo(-1);
    }

    @Test
    void theCommittedV1BytesAreStillReadAndStillWritten() throws IOException {
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/drift/drift-partial-v1.bin")) {
            assertThat(in).as("drift/drift-partial-v1.bin").isNotNull();
            committed = in.readAllBytes();
        }
        DataInputDeserializer in = new DataInputDeserializer(committed);
        assertSame(SERIALIZER.deserialize(in), sample(true));
        assertSame(SERIALIZER.deserialize(in), empty());
        assertThat(in.available()).isZero();
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(sample(true), out);
        SERIALIZER.serialize(empty(), out);
        assertThat(out.getCopyOfBuffer()).isEqualTo(committed);
    }

    @Test
    void aSparseHistogramIsWrittenMuchSmallerThanDenseLongs() throws IOException {
        // 50 numeric features on a grid of 1000 and a window of 40 records: at most 40 of 1999 cells per feature
        SplittableRandom rnd = new SplittableRandom(1);
        List<NumericReference> numeric = new java.util.ArrayList<>();
        StringBuilder features = new StringBuilder();
        for (int f = 0; f < 50; f++) {
            double[] v = new double[5000];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
            Arrays.sort(v);
            numeric.add(ReferenceStatistics.numeric(String.format("f%02d", f), v, 0, 0, 1000, 100));
        }
        Snapshot s = new Snapshot("m", 0, 1, 5000, 1000, 100, numeric,
                List.of(new CategoricalReference("c", 1, 0, 0, new String[] {"a"}, new long[] {1})));
        WindowAccumulator acc = new WindowAccumulator(s, 0, 1, false);
        PredictionParser parser = new PredictionParser();
        for (int r = 0; r < 40; r++) {
            features.setLength(0);
            for (int f = 0; f < 50; f++) features.append(f == 0 ? "" : ",").append(String.format("\"f%02d\":", f)).append(rnd.nextGaussian());
            parser.parse(("{\"ts\":0,\"model\":\"m\",\"features\":{" + features + "}}").getBytes(StandardCharsets.UTF_8));
            acc.add(parser.record());
        }
        DriftPartial p = acc.toPartials(1).get(0);
        assertThat(p.numCells).hasSize(50 * 1999);
        byte[] bytes = serialize(p);
        long dense = 8L * p.numCells.length;
        assertThat((long) bytes.length).as("%d bytes against %d dense", bytes.length, dense).isLessThan(dense / 50);
        assertSame(deserialize(bytes), p);
    }
}
