package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.backfill.DriftPartialSerializer;
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

/** The Flink wrapper over DriftPartial's own bytes (whose format is tested in common's DriftPartialTest). */
class DriftPartialSerializerTest {

    private static final DriftPartialSerializer SERIALIZER = DriftPartialSerializer.INSTANCE;

    /** 50 numeric features on a grid of 1000, a categorical one with an unseen category, 40 records. */
    static Snapshot snapshot() {
        SplittableRandom rnd = new SplittableRandom(1);
        List<NumericReference> numeric = new java.util.ArrayList<>();
        for (int f = 0; f < 50; f++) {
            double[] v = new double[5000];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
            Arrays.sort(v);
            numeric.add(ReferenceStatistics.numeric(String.format("f%02d", f), v, 0, 0, 1000, 100));
        }
        return new Snapshot("m", 0, 1, 5000, 1000, 100, numeric,
                List.of(new CategoricalReference("c", 1, 0, 0, new String[] {"a"}, new long[] {1})));
    }

    static DriftPartial partial(Snapshot s, boolean exact) {
        SplittableRandom rnd = new SplittableRandom(2);
        DriftPartial acc = DriftPartial.forWindow(s, 0, 1, exact);
        PredictionParser parser = new PredictionParser();
        StringBuilder features = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            features.setLength(0);
            for (int f = 0; f < 50; f++) features.append(String.format("\"f%02d\":", f)).append(rnd.nextGaussian()).append(',');
            features.append("\"c\":\"").append(r % 3 == 0 ? "new" : "a").append('"');
            parser.parse(("{\"ts\":0,\"model\":\"m\",\"features\":{" + features + "}}").getBytes(StandardCharsets.UTF_8));
            acc.update(parser.record());
        }
        return acc;
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
    void theFlinkBytesAreThePartialsOwnBytes() throws IOException {
        Snapshot s = snapshot();
        for (boolean exact : new boolean[] {false, true}) {
            for (DriftPartial p : partial(s, exact).split(3)) {
                byte[] bytes = serialize(p);
                assertThat(bytes).isEqualTo(p.toBytes());
                assertThat(deserialize(bytes).toBytes()).isEqualTo(bytes);
            }
        }
    }

    @Test
    void severalPartialsFollowEachOtherInOneStreamAndCopyBetweenViews() throws IOException {
        List<DriftPartial> parts = partial(snapshot(), true).split(4);
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (DriftPartial p : parts) SERIALIZER.serialize(p, out);
        byte[] all = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(all);
        for (DriftPartial p : parts) assertThat(SERIALIZER.deserialize(SERIALIZER.createInstance(), in).toBytes()).isEqualTo(p.toBytes());
        assertThat(in.available()).isZero();
        DataOutputSerializer copied = new DataOutputSerializer(64);
        DataInputDeserializer again = new DataInputDeserializer(all);
        for (int k = 0; k < parts.size(); k++) SERIALIZER.copy(again, copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(all);
    }

    @Test
    void copyIsDeep() {
        DriftPartial p = partial(snapshot(), true).split(1).get(0);
        byte[] before = p.toBytes();
        DriftPartial c = SERIALIZER.copy(p);
        assertThat(c).isNotSameAs(p);
        assertThat(c.toBytes()).isEqualTo(before);
        c.merge(p);
        assertThat(p.toBytes()).isEqualTo(before);
        assertThat(SERIALIZER.copy(p, SERIALIZER.createInstance()).toBytes()).isEqualTo(before);
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

    /** What a checkpoint of an earlier release holds: the v1 bytes, read through the Flink view. */
    @Test
    void theCommittedV1BytesStillRead() throws IOException {
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/drift/drift-partial-v1.bin")) {
            assertThat(in).as("drift/drift-partial-v1.bin").isNotNull();
            committed = in.readAllBytes();
        }
        DataInputDeserializer in = new DataInputDeserializer(committed);
        DriftPartial sample = SERIALIZER.deserialize(in), empty = SERIALIZER.deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(sample.model()).isEqualTo("model-ä");
        assertThat(sample.records()).isEqualTo(1234);
        assertThat(sample.numericCount(0)).isEqualTo(7);
        assertThat(sample.categoryCounts(1)).containsExactly(0, 1L << 40);
        assertThat(empty.model()).isEqualTo("m");
        assertThat(empty.numFrom()).isEqualTo(2);
    }

    @Test
    void aSparseHistogramIsWrittenMuchSmallerThanDenseLongs() throws IOException {
        // 50 numeric features on a grid of 1000 and a window of 40 records: at most 40 of 1999 cells per feature
        DriftPartial p = partial(snapshot(), false).split(1).get(0);
        byte[] bytes = serialize(p);
        long dense = 8L * 50 * 1999;
        assertThat((long) bytes.length).as("%d bytes against %d dense", bytes.length, dense).isLessThan(dense / 50);
        assertThat(deserialize(bytes).toBytes()).isEqualTo(bytes);
    }
}
