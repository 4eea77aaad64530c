package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelwatch.performance.PerformanceSettings;
import io.modelwatch.performance.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelParserTest {

    private final LabelParser parser = new LabelParser();

    private String parse(String line) {
        return parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKeyOfSection1b() {
        assertThat(parse("{\"ts\":\"2026-11-24T10:00:00.250Z\",\"model\":\"fraud\",\"request_id\":\"r-1\","
                + "\"label\":true,\"outcomes\":{\"converted\":1,\"revenue\":12.5,\"note\":\"x\"},\"extra\":[1,2]}")).isNull();
        LabelRecord r = parser.record();
        assertThat(r.tsMillis).isEqualTo(Timestamps.parseIsoMillis("2026-11-24T10:00:00.250Z"));
        assertThat(r.model).isEqualTo("fraud");
        assertThat(r.requestId).isEqualTo("r-1");
        assertThat(r.labelKind).isEqualTo(PredictionRecord.BOOLEAN);
        assertThat(r.labelNumber).isEqualTo(1.0);
        assertThat(r.outcomeCount).isEqualTo(2); // the string outcome is left out
        assertThat(r.outcomeNames[1]).isEqualTo("revenue");
        assertThat(r.outcomeValues[1]).isEqualTo(12.5);
    }

    @Test
    void labelKindsAndANumericRequestId() {
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":17,\"label\":\"cat\"}")).isNull();
        assertThat(parser.record().labelKind).isEqualTo(PredictionRecord.STRING);
        assertThat(parser.record().requestId).isEqualTo("17");
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\",\"label\":3.5}")).isNull();
        assertThat(parser.record().labelKind).isEqualTo(PredictionRecord.NUMBER);
        assertThat(parser.record().labelNumber).isEqualTo(3.5);
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\"}")).isNull();
        assertThat(parser.record().labelKind).isEqualTo(PredictionRecord.NULL);
        assertThat(parser.record().outcomeCount).isZero();
    }

    @Test
    void badRecordsGiveTheirReason() {
        assertThat(parse("[1]")).isEqualTo("not a JSON object");
        assertThat(parse("")).isEqualTo("empty line");
        assertThat(parse("{\"model\":\"m\",\"request_id\":\"a\"}")).isEqualTo("missing ts");
        assertThat(parse("{\"ts\":\"yesterday\",\"model\":\"m\",\"request_id\":\"a\"}")).isEqualTo("unparsable ts");
        assertThat(parse("{\"ts\":1,\"request_id\":\"a\"}")).isEqualTo("missing model");
        assertThat(parse("{\"ts\":1,\"model\":\"m\"}")).isEqualTo("missing request_id");
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\",\"label\":{}}"))
                .isEqualTo("label is not a number, string or boolean");
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\",\"outcomes\":3}")).isEqualTo("outcomes is not an object");
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\"")).startsWith("malformed JSON");
        assertThat(parse("{\"ts\":1,\"model\":\"m\",\"request_id\":\"a\"} x")).startsWith("malformed JSON");
    }

    @Test
    void taskOverrides() {
        assertThat(PerformanceSettings.parseTasks(List.of("fraud=binary", "price=regression")))
                .isEqualTo(Map.of("fraud", Task.BINARY, "price", Task.REGRESSION));
        assertThatThrownBy(() -> PerformanceSettings.parseTasks(List.of("fraud=ranking")))
                .hasMessage("--task wants MODEL=binary|multiclass|regression, got 'fraud=ranking'");
        assertThatThrownBy(() -> PerformanceSettings.parseTasks(List.of("binary")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
