package io.modelwatch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser reads a record's feature names by comparing them with the last record's, position by position
 * ({@code JsonParser.nextFieldName(SerializableString)}), and falls back to Jackson's name lookup where they differ.
 * One parser over lines whose features come in the same order, in another order, fewer, more, escaped (the same
 * name spelled with other bytes), non-ASCII and of every value kind: each record's features, in order, must be
 * what Jackson's tree model (an independent reading of the same line) holds, and the names interned.
 */
class PredictionParserFieldOrderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordsFeaturesAreTheTreeModelsWhateverTheLastRecordsOrder() throws Exception {
        String[] features = {
            "{\"a\":1,\"b\":2.5,\"c\":\"x\"}",
            "{\"a\":1.5,\"b\":-2,\"c\":\"y\"}",
            "{\"c\":\"z\",\"a\":3,\"b\":4}",
            "{\"c\":\"z\",\"a\":3}",
            "{\"c\":\"z\",\"a\":3,\"b\":null,\"d\":true,\"e\":[1,2],\"f\":{\"g\":1}}",
            "{\"\\u0063\":\"w\",\"a\":7,\"b\":false}",
            "{\"c\":\"w\",\"a\\u00e9\":8,\"b\":9}",
            "{\"c\":\"w\",\"aé\":8,\"b\":9}",
            "{}",
            "{\"c\":\"v\",\"a\":1,\"b\":2,\"d\":false,\"e\":[3],\"f\":{}}",
            "{\"ts\":5,\"model\":6,\"features\":7}",
            "{\"c\":\"v\",\"a\":1,\"b\":2,\"d\":false,\"e\":[3],\"f\":{}}",
        };
        PredictionParser parser = new PredictionParser();
        for (String f : features) {
            String line = "{\"ts\":1764000000000,\"model\":\"m\",\"features\":" + f + ",\"prediction\":0.5}";
            assertThat(parser.parse(line.getBytes(StandardCharsets.UTF_8))).as(line).isNull();
            PredictionRecord r = parser.record();
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int k = 0; k < r.featureCount; k++) {
                names.add(r.featureNames[k]);
                values.add(value(r, k));
                assertThat(r.featureNames[k]).as("interned name in %s", line).isSameAs(r.featureNames[k].intern());
            }
            List<String> expectedNames = new ArrayList<>();
            List<String> expectedValues = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(f).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                expectedNames.add(e.getKey());
                expectedValues.add(value(e.getValue()));
            }
            assertThat(names).as(line).isEqualTo(expectedNames);
            assertThat(values).as(line).isEqualTo(expectedValues);
            assertThat(r.predictionNumber).as(line).isEqualTo(0.5);
        }
    }

    private static String value(PredictionRecord r, int k) {
        switch (r.featureKinds[k]) {
            case PredictionRecord.NUMBER: return "number " + r.featureNumbers[k];
            case PredictionRecord.STRING: return "string " + r.featureStrings[k];
            case PredictionRecord.BOOLEAN: return "boolean " + r.featureStrings[k];
            case PredictionRecord.NULL: return "null";
            default: return "other";
        }
    }

    private static String value(JsonNode n) {
        if (n.isNumber()) return "number " + n.asDouble();
        if (n.isTextual()) return "string " + n.asText();
        if (n.isBoolean()) return "boolean " + n.asText();
        if (n.isNull()) return "null";
        return "other";
    }
}
