package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureValuesSerializer}: a chunk comes back with the same value bits (signed zeros, subnormals, the
 * largest doubles), its categories and its other count, through the bytes, the byte-to-byte copy and the object
 * copy; several chunks in one stream read back in order (each read takes exactly its own bytes).
 */
class FeatureValuesSerializerTest {
    private static final FeatureValuesSerializer S = FeatureValuesSerializer.INSTANCE;

    @Test
    void fullChunkRoundTripsBitForBit() throws IOException {
        FeatureValues v = new FeatureValues("model-a", "f_000");
        Random r = new Random(7);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300};
        for (double d : special) v.addNumber(d);
        while (!v.isFull()) v.addNumber(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
        FeatureValues chunk = v.takeChunk();
        assertSame(chunk, roundTrip(chunk));
        assertSame(chunk, S.copy(chunk));
        DataOutputSerializer copied = new DataOutputSerializer(64);
        S.copy(new DataInputDeserializer(bytes(chunk)), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes(chunk));
    }

    @Test
    void sealedChunkWithCategoriesAndSeveralInOneStream() throws IOException {
        FeatureValues a = new FeatureValues("m", "cat_01");
        a.addCategory("blue");
        a.addCategory("red");
        a.addCategory("blue");
        a.addNumber(2.5);
        a.others = 3;
        a.seal();
        FeatureValues empty = new FeatureValues("m", "flag_00").seal();
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(a, out);
        S.serialize(empty, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        FeatureValues backA = S.deserialize(in);
        FeatureValues backEmpty = S.deserialize(in);
        assertThat(in.available()).isZero();
        assertSame(a, backA);
        assertThat(backA.categories).containsExactly("blue", "red");
        assertThat(backA.categoryCounts).containsExactly(2, 1);
        assertThat(backA.others).isEqualTo(3);
        assertSame(empty, backEmpty);
        assertThat(backEmpty.valueCount).isZero();
    }

    private static FeatureValues roundTrip(FeatureValues v) throws IOException {
        return S.deserialize(new DataInputDeserializer(bytes(v)));
    }

    private static byte[] bytes(FeatureValues v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(v, out);
        return out.getCopyOfBuffer();
    }

    private static void assertSame(FeatureValues expected, FeatureValues actual) {
        assertThat(actual.model).isEqualTo(expected.model);
        assertThat(actual.feature).isEqualTo(expected.feature);
        assertThat(actual.valueCount).isEqualTo(expected.valueCount);
        long[] want = Arrays.stream(expected.values, 0, expected.valueCount).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] got = Arrays.stream(actual.values, 0, actual.valueCount).mapToLong(Double::doubleToRawLongBits).toArray();
        assertThat(got).isEqualTo(want);
        assertThat(actual.categories).isEqualTo(expected.categories);
        assertThat(actual.categoryCounts).isEqualTo(expected.categoryCounts);
        assertThat(actual.others).isEqualTo(expected.others);
    }
}
