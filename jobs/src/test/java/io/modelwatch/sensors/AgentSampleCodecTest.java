package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentSampleCodecTest {

    @Test
    void hostAndGpuPointsSurviveTheRoundTripWithTheirTypes() {
        Point host = Point.builder("host").tag("host", "web-1").timeMillis(1_764_000_000_123L)
                .field("cpu_percent", 12.0).field("load1", 0.25).intField("mem_used_bytes", 123_456_789_012L).build();
        assertThat(AgentSampleCodec.fromJson(AgentSampleCodec.toJson(host))).isEqualTo(host);
        Point gpu = Point.builder("gpu").tag("host", "web-1").tag("gpu", "3").tag("name", "NVIDIA A100, SXM")
                .tag("uuid", "GPU-1").timeMillis(1_764_000_000_000L).field("utilization_percent", 99.5)
                .intField("memory_total_bytes", 85_899_345_920L).build();
        assertThat(AgentSampleCodec.fromJson(AgentSampleCodec.toJson(gpu))).isEqualTo(gpu);
    }

    @Test
    void unknownNamesAreDroppedAndNumbersCoerced() {
        Point p = AgentSampleCodec.fromJson("{\"measurement\":\"host\",\"time_ms\":1764000000000,"
                + "\"tags\":{\"host\":\"h\",\"rack\":\"r1\"},\"fields\":{\"cpu_percent\":5,\"mem_used_bytes\":10.4,"
                + "\"bogus\":1,\"status\":\"critical\"}}");
        assertThat(p.tag("rack")).isNull();
        assertThat(p.hasField("bogus")).isFalse();
        assertThat(p.hasField("status")).isFalse();
        assertThat(p.fieldKinds[p.fieldIndex("cpu_percent")]).isEqualTo(Point.FLOAT);
        assertThat(p.number("mem_used_bytes")).isEqualTo(10.0);
        assertThat(p.fieldKinds[p.fieldIndex("mem_used_bytes")]).isEqualTo(Point.INTEGER);
    }

    @Test
    void badMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> AgentSampleCodec.fromJson("nope")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AgentSampleCodec.fromJson("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AgentSampleCodec.fromJson("{\"measurement\":\"cpu\"}")).hasMessageContaining("host or gpu");
        assertThatThrownBy(() -> AgentSampleCodec.fromJson("{\"measurement\":\"host\",\"tags\":{\"host\":\"h\"}}"))
                .hasMessageContaining("time_ms");
        assertThatThrownBy(() -> AgentSampleCodec.fromJson("{\"measurement\":\"host\",\"time_ms\":1,\"fields\":{\"load1\":1}}"))
                .hasMessageContaining("tags.host");
        assertThatThrownBy(() -> AgentSampleCodec.fromJson(
                "{\"measurement\":\"host\",\"time_ms\":1,\"tags\":{\"host\":\"h\"},\"fields\":{}}"))
                .hasMessageContaining("no known fields");
    }
}
