package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PredictionParserTest {

    private final PredictionParser parser = new PredictionParser();

    private String parse(String line) {
        return parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private PredictionRecord good(String line) {
        assertThat(parse(line)).as("problem of %s", line).isNull();
        return parser.record();
    }

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void everyTopLevelKeyIsRead() {
        PredictionRecord r = good("{\"ts\":\"2026-11-24T10:00:00.123Z\",\"model\":\"m\",\"model_version\":\"v7\","
                + "\"request_id\":\"r-1\",\"latency_ms\":12.5,\"ttft_ms\":3,\"status\":\"timeout\",\"retries\":2,"
                + "\"input_length\":40,\"output_length\":9,\"prediction\":0.75,\"confidence\":0.9,"
                + "\"features\":{\"a\":1.5,\"b\":\"x\",\"c\":true,\"d\":false,\"e\":null}}");
        assertThat(r.tsMillis).isEqualTo(millis("2026-11-24T10:00:00.123Z"));
        assertThat(r.model).isEqualTo("m");
        assertThat(r.modelVersion).isEqualTo("v7");
        assertThat(r.requestId).isEqualTo("r-1");
        assertThat(r.latencyMs).isEqualTo(12.5);
        assertThat(r.ttftMs).isEqualTo(3.0);
        assertThat(r.status).isEqualTo(PredictionRecord.STATUS_TIMEOUT);
        assertThat(r.retries).isEqualTo(2);
        assertThat(r.inputLength).isEqualTo(40);
        assertThat(r.outputLength).isEqualTo(9);
        assertThat(r.predictionNumber).isEqualTo(0.75);
        assertThat(r.predictionString).isNull();
        assertThat(r.confidence).isEqualTo(0.9);
        assertThat(r.featureCount).isEqualTo(5);
        assertThat(r.featureNames).startsWith("a", "b", "c", "d", "e");
        assertThat(r.featureKinds).startsWith(PredictionRecord.NUMBER, PredictionRecord.STRING,
                PredictionRecord.BOOLEAN, PredictionRecord.BOOLEAN, PredictionRecord.NULL);
        assertThat(r.featureNumbers[0]).isEqualTo(1.5);
        assertThat(r.featureStrings[1]).isEqualTo("x");
        assertThat(r.featureNumbers[2]).isEqualTo(1.0);
        assertThat(r.featureStrings[2]).isEqualTo("true");
        assertThat(r.featureNumbers[3]).isEqualTo(0.0);
        assertThat(r.featureStrings[3]).isEqualTo("false");
        assertThat(r.featureNumbers[4]).isNaN();
    }

    @Test
    void optionalKeysDefaultWhenAbsent() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\"}");
        assertThat(r.modelVersion).isNull();
        assertThat(r.requestId).isNull();
        assertThat(r.latencyMs).isNaN();
        assertThat(r.ttftMs).isNaN();
        assertThat(r.status).isEqualTo(PredictionRecord.STATUS_OK);
        assertThat(r.retries).isZero();
        assertThat(r.inputLength).isEqualTo(-1);
        assertThat(r.outputLength).isEqualTo(-1);
        assertThat(r.predictionNumber).isNaN();
        assertThat(r.predictionString).isNull();
        assertThat(r.confidence).isNaN();
        assertThat(r.featureCount).isZero();
    }

    @Test
    void everyStatusIsRecognisedAndNullMeansOk() {
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"status\":\"ok\"}").status).isEqualTo(PredictionRecord.STATUS_OK);
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"status\":\"error\"}").status).isEqualTo(PredictionRecord.STATUS_ERROR);
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"status\":\"timeout\"}").status).isEqualTo(PredictionRecord.STATUS_TIMEOUT);
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"status\":\"fallback\"}").status).isEqualTo(PredictionRecord.STATUS_FALLBACK);
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"status\":null}").status).isEqualTo(PredictionRecord.STATUS_OK);
    }

    @Test
    void stringAndBooleanPredictionsAreKeptAsText() {
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"prediction\":\"cat\"}").predictionString).isEqualTo("cat");
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\",\"prediction\":true}");
        assertThat(r.predictionString).isEqualTo("true");
        assertThat(r.predictionNumber).isNaN();
        assertThat(good("{\"ts\":0,\"model\":\"m\",\"prediction\":[1,2]}").predictionString).isNull();
    }

    @Test
    void unknownKeysOfAnyShapeAreIgnored() {
        PredictionRecord r = good("{\"extra\":{\"deep\":[1,{\"x\":2}]},\"ts\":0,\"other\":[1],\"model\":\"m\"}");
        assertThat(r.model).isEqualTo("m");
    }

    @Test
    void tsIsReadAsIsoWithZoneWithOffsetAndAsEpochMillis() {
        assertThat(good("{\"ts\":\"2026-11-24T10:00:00Z\",\"model\":\"m\"}").tsMillis)
                .isEqualTo(millis("2026-11-24T10:00:00Z"));
        assertThat(good("{\"ts\":\"2026-11-24T12:00:00+02:00\",\"model\":\"m\"}").tsMillis)
                .isEqualTo(millis("2026-11-24T10:00:00Z"));
        assertThat(good("{\"ts\":\"2026-11-24T05:30:00.250-04:30\",\"model\":\"m\"}").tsMillis)
                .isEqualTo(millis("2026-11-24T10:00:00.250Z"));
        assertThat(good("{\"ts\":1795510800123,\"model\":\"m\"}").tsMillis).isEqualTo(1795510800123L);
        assertThat(good("{\"ts\":1795510800123.0,\"model\":\"m\"}").tsMillis).isEqualTo(1795510800123L);
    }

    @ParameterizedTest
    @ValueSource(strings = {".1", ".12", ".123", ".1234", ".12345", ".123456", ".1234567", ".12345678", ".123456789"})
    void tsWithOneToNineFractionDigitsIsTruncatedToMillis(String fraction) {
        long expected = Instant.parse("2026-11-24T10:00:00" + fraction + "Z").toEpochMilli();
        assertThat(good("{\"ts\":\"2026-11-24T10:00:00" + fraction + "Z\",\"model\":\"m\"}").tsMillis)
                .isEqualTo(expected);
        assertThat(good("{\"ts\":\"2026-11-24T11:00:00" + fraction + "+01:00\",\"model\":\"m\"}").tsMillis)
                .isEqualTo(expected);
    }

    @Test
    void linesThatAreNotObjectsAreBadRecords() {
        assertThat(parse("")).isEqualTo("empty line");
        assertThat(parse("   ")).isEqualTo("empty line");
        assertThat(parse("[1,2,3]")).isEqualTo("not a JSON object");
        assertThat(parse("42")).isEqualTo("not a JSON object");
        assertThat(parse("\"text\"")).isEqualTo("not a JSON object");
        assertThat(parse("not json at all")).startsWith("malformed JSON");
    }

    @Test
    void truncatedJsonIsABadRecord() {
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"features\":{\"num_000\":1.5")).startsWith("malformed JSON");
        assertThat(parse("{\"ts\":0,\"model\":\"m\"")).startsWith("malformed JSON");
        assertThat(parse("{\"ts\":0,\"mod")).startsWith("malformed JSON");
        assertThat(parse("{")).startsWith("malformed JSON");
    }

    @Test
    void trailingContentAfterTheObjectIsABadRecord() {
        assertThat(parse("{\"ts\":0,\"model\":\"m\"}{\"ts\":0,\"model\":\"m\"}"))
                .isEqualTo("trailing content after the JSON object");
        assertThat(parse("{\"ts\":0,\"model\":\"m\"} 1")).isEqualTo("trailing content after the JSON object");
        assertThat(parse("{\"ts\":0,\"model\":\"m\"} x")).isNotNull();
        assertThat(parse("{\"ts\":0,\"model\":\"m\"}   ")).isNull();
    }

    @Test
    void missingTsOrModelIsABadRecord() {
        assertThat(parse("{\"model\":\"m\",\"features\":{}}")).isEqualTo("missing ts");
        assertThat(parse("{\"ts\":0}")).isEqualTo("missing model");
        assertThat(parse("{\"ts\":0,\"model\":\"\"}")).isEqualTo("missing model");
        assertThat(parse("{\"ts\":0,\"model\":null}")).isEqualTo("model is not a string");
        assertThat(parse("{\"ts\":0,\"model\":7}")).isEqualTo("model is not a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"2025-02-29T00:00:00Z\"",
        "\"2026-11-24T24:00:00Z\"", "\"2026-11-24T10:60:00Z\"", "\"2026-11-24T10:00:00\"", "\"2026-11-24\"",
        "\"yesterday at noon\"", "\"\"", "\"2026-11-24T10:00:00.1234567890Z\"",
        "null", "true", "{}", "[1]", "NaN"})
    void unparsableTsIsABadRecord(String ts) {
        assertThat(parse("{\"ts\":" + ts + ",\"model\":\"m\"}")).startsWith("unparsable ts");
    }

    @Test
    void topLevelKeysOfTheWrongTypeAreBadRecords() {
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"latency_ms\":\"12\"}")).isEqualTo("latency_ms is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"latency_ms\":[12]}")).isEqualTo("latency_ms is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"ttft_ms\":true}")).isEqualTo("ttft_ms is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"confidence\":{}}")).isEqualTo("confidence is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"retries\":\"1\"}")).isEqualTo("retries is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"input_length\":\"1\"}")).isEqualTo("input_length is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"output_length\":\"1\"}")).isEqualTo("output_length is not a number");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"status\":1}")).isEqualTo("status is not a string");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"features\":[1,2]}")).isEqualTo("features is not an object");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"features\":\"a=1\"}")).isEqualTo("features is not an object");
    }

    @Test
    void nullNumbersAreAbsentNotWrong() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\",\"latency_ms\":null,\"retries\":null,"
                + "\"input_length\":null,\"features\":null}");
        assertThat(r.latencyMs).isNaN();
        assertThat(r.retries).isZero();
        assertThat(r.inputLength).isEqualTo(-1);
        assertThat(r.featureCount).isZero();
    }

    @Test
    void unknownStatusIsABadRecord() {
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"status\":\"OK\"}")).startsWith("unknown status 'OK'");
        assertThat(parse("{\"ts\":0,\"model\":\"m\",\"status\":\"crashed\"}")).startsWith("unknown status");
    }

    @Test
    void nanAndInfinityLiteralsAreNumericFeatureValues() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\",\"features\":{\"a\":NaN,\"b\":Infinity,\"c\":-Infinity}}");
        assertThat(r.featureCount).isEqualTo(3);
        assertThat(r.featureKinds).startsWith(PredictionRecord.NUMBER, PredictionRecord.NUMBER, PredictionRecord.NUMBER);
        assertThat(r.featureNumbers[0]).isNaN();
        assertThat(r.featureNumbers[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.featureNumbers[2]).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void nonFiniteServingNumbersCountAsAbsent() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\",\"latency_ms\":Infinity,\"confidence\":NaN,"
                + "\"ttft_ms\":-Infinity}");
        assertThat(r.latencyMs).isNaN();
        assertThat(r.confidence).isNaN();
        assertThat(r.ttftMs).isNaN();
    }

    @Test
    void nestedObjectsAndArraysAsFeatureValuesAreKindOther() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"m\",\"features\":{\"o\":{\"x\":{\"y\":1}},\"l\":[1,[2]],\"n\":3}}");
        assertThat(r.featureCount).isEqualTo(3);
        assertThat(r.featureNames).startsWith("o", "l", "n");
        assertThat(r.featureKinds).startsWith(PredictionRecord.OTHER, PredictionRecord.OTHER, PredictionRecord.NUMBER);
        assertThat(r.featureNumbers[2]).isEqualTo(3.0);
    }

    @Test
    void manyFeaturesGrowTheRecordsArrays() {
        StringBuilder sb = new StringBuilder("{\"ts\":0,\"model\":\"m\",\"features\":{");
        for (int i = 0; i < 100; i++) sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        PredictionRecord r = good(sb.append("}}").toString());
        assertThat(r.featureCount).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(r.featureNames[i]).isEqualTo("f" + i);
            assertThat(r.featureNumbers[i]).isEqualTo(i);
        }
    }

    @Test
    void theRecordIsFullyResetBetweenLines() {
        good("{\"ts\":\"2026-11-24T10:00:00Z\",\"model\":\"m\",\"model_version\":\"v7\",\"request_id\":\"r\","
                + "\"latency_ms\":1,\"ttft_ms\":1,\"status\":\"error\",\"retries\":3,\"input_length\":4,"
                + "\"output_length\":5,\"prediction\":\"x\",\"confidence\":0.5,\"features\":{\"a\":1,\"b\":\"s\"}}");
        PredictionRecord r = good("{\"ts\":7,\"model\":\"n\",\"prediction\":2}");
        assertThat(r.tsMillis).isEqualTo(7);
        assertThat(r.model).isEqualTo("n");
        assertThat(r.modelVersion).isNull();
        assertThat(r.requestId).isNull();
        assertThat(r.latencyMs).isNaN();
        assertThat(r.ttftMs).isNaN();
        assertThat(r.status).isEqualTo(PredictionRecord.STATUS_OK);
        assertThat(r.retries).isZero();
        assertThat(r.inputLength).isEqualTo(-1);
        assertThat(r.outputLength).isEqualTo(-1);
        assertThat(r.predictionNumber).isEqualTo(2.0);
        assertThat(r.predictionString).isNull();
        assertThat(r.confidence).isNaN();
        assertThat(r.featureCount).isZero();
    }

    @Test
    void aBadLineDoesNotLeaveTheNextLineItsTsOrModel() {
        good("{\"ts\":5,\"model\":\"m\"}");
        assertThat(parse("{\"features\":{}}")).isEqualTo("missing ts");
        good("{\"ts\":5,\"model\":\"m\"}");
        assertThat(parse("{\"ts\":5}")).isEqualTo("missing model");
        good("{\"ts\":5,\"model\":\"m\",\"features\":{\"a\":1}}");
        assertThat(parse("{\"ts\":5,\"model\":\"m\",\"features\":{\"b\":2")).isNotNull();
        assertThat(good("{\"ts\":5,\"model\":\"m\"}").featureCount).isZero();
    }

    @Test
    void featureNamesAreTheSameStringInstanceAcrossLinesAndParsers() {
        String name0 = good("{\"ts\":0,\"model\":\"m\",\"features\":{\"num_feature_x\":1,\"cat_y\":\"a\"}}").featureNames[0];
        String name1 = parser.record().featureNames[1];
        PredictionRecord r = good("{\"ts\":1,\"model\":\"m\",\"features\":{\"cat_y\":\"b\",\"num_feature_x\":2}}");
        assertThat(r.featureNames[1]).isSameAs(name0);
        assertThat(r.featureNames[0]).isSameAs(name1);
        // The snapshot index interns its keys: the parser's names are those very instances.
        assertThat(name0).isSameAs(new String("num_feature_x").intern());
        PredictionParser other = new PredictionParser();
        other.parse("{\"ts\":1,\"model\":\"m\",\"features\":{\"num_feature_x\":3}}".getBytes(StandardCharsets.UTF_8));
        assertThat(other.record().featureNames[0]).isSameAs(name0);
    }

    @Test
    void parsesASliceOfALargerBuffer() {
        byte[] buf = "xx{\"ts\":3,\"model\":\"m\"}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(buf, 2, buf.length - 4)).isNull();
        assertThat(parser.record().tsMillis).isEqualTo(3);
    }

    @Test
    void nonAsciiFeatureNamesAndValuesAreDecodedAsUtf8() {
        PredictionRecord r = good("{\"ts\":0,\"model\":\"modèle\",\"features\":{\"größe\":\"groß\",\"名前\":1}}");
        assertThat(r.model).isEqualTo("modèle");
        assertThat(r.featureNames[0]).isEqualTo("größe");
        assertThat(r.featureStrings[0]).isEqualTo("groß");
        assertThat(r.featureNames[1]).isEqualTo("名前");
    }
}
