package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The v3 bytes of {@link DriftPartialV3Fixture}'s partial as the code before the one-pass sparse writer wrote them
 * (src/test/resources/drift/v3/): today's writer gives the same bytes, whole and per shard, and reads them back
 * to the same bytes. The wire and checkpoint format did not change.
 */
class DriftPartialV3BytesTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = DriftPartialV3BytesTest.class.getResourceAsStream("/drift/v3/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void writesTheBytesOfTheEarlierWriter() throws Exception {
        assertThat(DriftPartialV3Fixture.whole()).isEqualTo(resource("whole.bin"));
        assertThat(DriftPartialV3Fixture.shard(0)).isEqualTo(resource("shard-0-of-2.bin"));
        assertThat(DriftPartialV3Fixture.shard(1)).isEqualTo(resource("shard-1-of-2.bin"));
    }

    @Test
    void readsThemBackToTheSameBytes() throws Exception {
        for (String name : new String[] {"whole.bin", "shard-0-of-2.bin", "shard-1-of-2.bin"}) {
            byte[] bytes = resource(name);
            assertThat(DriftPartial.fromBytes(bytes).toBytes()).as(name).isEqualTo(bytes);
        }
    }
}
