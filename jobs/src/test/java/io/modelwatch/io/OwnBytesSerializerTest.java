package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.multivariate.ReconstructionPartial;
import io.modelwatch.multivariate.ReconstructionPartialSerializer;
import io.modelwatch.performance.PerformanceAccumulator;
import io.modelwatch.performance.PerformanceAccumulatorSerializer;
import io.modelwatch.slo.SloRing;
import io.modelwatch.slo.SloRingSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The serializers built on {@link OwnBytesSerializer}: a value survives serialize, deserialize, copy and the
 * byte-to-byte copy unchanged (same bytes again), and the serializer restores from its own snapshot, as Flink
 * does on restore from a savepoint.
 */
class OwnBytesSerializerTest {

    @Test
    void sloRingRoundTripsThroughBytesCopiesAndItsSnapshot() throws IOException {
        SloRing ring = new SloRing(30L * 24 * 60 * 60_000);
        ring.add(1_000, 90, 10);
        ring.add(1_003, 5, 0);
        ring.advanceTo(1_010);
        assertRoundTrips(SloRingSerializer.INSTANCE, ring);
    }

    @Test
    void performanceAccumulatorRoundTripsThroughBytesCopiesAndItsSnapshot() throws IOException {
        PerformanceAccumulator a = new PerformanceAccumulator(null, 0.5);
        a.addPrediction(0.7);
        a.addPrediction(0.2);
        a.addOrphan();
        a.addOutcome("converted", 1.0);
        assertRoundTrips(PerformanceAccumulatorSerializer.INSTANCE, a);
    }

    @Test
    void reconstructionPartialRoundTripsThroughBytesCopiesAndItsSnapshot() throws IOException {
        ReconstructionPartial p = new ReconstructionPartial("m", 0, 3_600_000, 3, 0.25);
        p.update(0.1, false);
        p.update(0.9, true);
        assertRoundTrips(ReconstructionPartialSerializer.INSTANCE, p);
    }

    private static <T> void assertRoundTrips(TypeSerializer<T> s, T value) throws IOException {
        byte[] bytes = bytes(s, value);
        assertThat(bytes.length).isPositive();
        T back = s.deserialize(new DataInputDeserializer(bytes));
        assertThat(bytes(s, back)).as("deserialized").isEqualTo(bytes);
        T copy = s.copy(value);
        assertThat(copy).isNotSameAs(value);
        assertThat(bytes(s, copy)).as("copy").isEqualTo(bytes);
        assertThat(bytes(s, s.copy(value, s.createInstance()))).as("copy with reuse").isEqualTo(bytes);
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(bytes), out);
        assertThat(out.getCopyOfBuffer()).as("byte-to-byte copy").isEqualTo(bytes);
        assertThat(bytes(s, s.createInstance())).as("an empty instance serializes").isNotEmpty();

        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snap, s.snapshotConfiguration());
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snap.getCopyOfBuffer()), OwnBytesSerializerTest.class.getClassLoader());
        assertThat(restored.restoreSerializer()).isSameAs(s);
    }

    private static <T> byte[] bytes(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        return out.getCopyOfBuffer();
    }
}
