package io.modelwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every figure of section 3e against sklearn.metrics (tools/golden/performance_golden.py). */
class PerformanceAccumulatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<JsonNode> cases() throws IOException {
        try (InputStream in = PerformanceAccumulatorTest.class.getResourceAsStream("/performance/cases.json")) {
            assertThat(in).as("golden file /performance/cases.json").isNotNull();
            List<JsonNode> out = new ArrayList<>();
            MAPPER.readTree(in).get("cases").forEach(out::add);
            assertThat(out).hasSizeGreaterThanOrEqualTo(10);
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferredTaskMatchesSklearn(JsonNode c) {
        PerformanceAccumulator a = accumulate(c, null, 0, 1);
        if (c.get("expected").path("accuracy").isNull() && c.get("expected").path("mae").isNull()) {
            assertThat(a.scored()).isLessThan(c.get("min_count").asInt());
        } else {
            assertThat(a.task().tagName()).isEqualTo(c.get("task").asText());
        }
        check(c, a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forcedTaskMatchesSklearn(JsonNode c) {
        check(c, accumulate(c, Task.parse(c.get("task").asText()), 0, 1));
    }

    /** Three partial accumulators, each through bytes and back, merged: the same figures. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergedPartsThroughBytesMatchSklearn(JsonNode c) {
        PerformanceAccumulator merged = null;
        for (int part = 0; part < 3; part++) {
            PerformanceAccumulator a = PerformanceAccumulator.fromBytes(accumulate(c, null, part, 3).toBytes());
            merged = merged == null ? a : merged.merge(a);
        }
        check(c, merged);
    }

    @Test
    void aucErrorStaysWithinItsStatedBound() throws IOException {
        cases().forEach(c -> {
            double expected = c.get("expected").path("auc").asDouble(Double.NaN);
            if (Double.isNaN(expected)) return;
            PerformanceAccumulator a = accumulate(c, null, 0, 1);
            assertThat(Math.abs(a.auc() - expected))
                    .as(c.get("name").asText()).isLessThanOrEqualTo(a.aucErrorBound() + 1e-12);
        });
    }

    @Test
    void wrongPredictionTypesCountAsInvalidAndStayOutOfTheFigures() {
        PerformanceAccumulator a = new PerformanceAccumulator(Task.BINARY, 0.5);
        a.addLabelled(0.9, null, Double.NaN, PredictionRecord.NUMBER, 1, null, 10);
        a.addLabelled(1.7, null, Double.NaN, PredictionRecord.NUMBER, 1, null, 10); // score out of [0, 1]
        a.addLabelled(Double.NaN, "yes", Double.NaN, PredictionRecord.NUMBER, 0, null, 10); // not a number
        a.addLabelled(0.2, null, Double.NaN, PredictionRecord.NUMBER, 3, null, 10); // label not 0/1
        a.addLabelled(0.2, null, Double.NaN, PredictionRecord.NULL, Double.NaN, null, 10); // outcomes only
        Point p = a.writeFields(Point.builder("model_performance").tag("model", "m"), 1, null).timeMillis(0).build();
        assertThat(p.number("labelled")).isEqualTo(5);
        assertThat(p.number("invalid")).isEqualTo(3);
        assertThat(p.number("accuracy")).isEqualTo(1.0);
    }

    @Test
    void aWindowOfBothKindsIsScoredAsTheMoreCommonOneAndCountsTheOthersInvalid() {
        PerformanceAccumulator a = new PerformanceAccumulator(null, 0.5);
        a.addLabelled(Double.NaN, "cat", 0.8, PredictionRecord.STRING, Double.NaN, "cat", 1);
        a.addLabelled(Double.NaN, "dog", 0.8, PredictionRecord.STRING, Double.NaN, "cat", 1);
        a.addLabelled(0.3, null, Double.NaN, PredictionRecord.NUMBER, 0, null, 1);
        assertThat(a.task()).isEqualTo(Task.MULTICLASS);
        assertThat(a.invalid()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------

    /** Accumulates the pairs and unlabelled predictions with index % parts == part. */
    private static PerformanceAccumulator accumulate(JsonNode c, Task task, int part, int parts) {
        PerformanceAccumulator a = new PerformanceAccumulator(task, c.get("threshold").asDouble());
        int i = 0;
        for (JsonNode p : c.get("pairs")) {
            if (i++ % parts != part) continue;
            JsonNode pred = p.get("prediction");
            double score = pred.isNumber() ? pred.asDouble() : Double.NaN;
            a.addPrediction(score);
            JsonNode label = p.get("label");
            byte kind = label.isBoolean() ? PredictionRecord.BOOLEAN
                    : label.isNumber() ? PredictionRecord.NUMBER : PredictionRecord.STRING;
            double number = label.isBoolean() ? (label.asBoolean() ? 1 : 0) : label.isNumber() ? label.asDouble() : Double.NaN;
            String text = label.isNumber() ? null : label.asText();
            JsonNode conf = p.get("confidence");
            a.addLabelled(score, pred.isNumber() ? null : pred.asText(), conf == null ? Double.NaN : conf.asDouble(),
                    kind, number, text, p.get("delay_ms").asLong());
            JsonNode outcomes = p.get("outcomes");
            if (outcomes != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = outcomes.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    a.addOutcome(e.getKey(), e.getValue().asDouble());
                }
            }
        }
        for (JsonNode u : c.get("unlabelled")) {
            if (i++ % parts == part) a.addPrediction(u.asDouble());
        }
        return a;
    }

    private static void check(JsonNode c, PerformanceAccumulator a) {
        CalibrationMap calibration = null;
        if (!c.get("calibration").isNull()) {
            calibration = new CalibrationMap(longs(c.get("calibration").get("counts")),
                    longs(c.get("calibration").get("positives")));
        }
        Point p = a.writeFields(Point.builder("model_performance").tag("model", "m"),
                c.get("min_count").asInt(), calibration).timeMillis(0).build();
        String name = c.get("name").asText();
        boolean approximateDelays = c.get("pairs").size() > DelayQuantiles.EXACT_LIMIT;
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("expected").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            String what = name + " " + field;
            if (e.getValue().isNull()) {
                assertThat(p.hasField(field)).as(what + " absent").isFalse();
                continue;
            }
            assertThat(p.hasField(field)).as(what + " present").isTrue();
            double expected = e.getValue().asDouble();
            double actual = p.number(field);
            double tol;
            if (field.equals("auc")) {
                tol = 1e-3;
            } else if (approximateDelays && field.startsWith("label_delay")) {
                tol = 1e-3 * Math.abs(expected); // HdrHistogram, 3 significant digits
            } else {
                tol = Math.max(1e-9 * Math.abs(expected), 1e-12);
            }
            assertThat(Math.abs(actual - expected))
                    .as("%s: actual %s, expected %s", what, actual, expected).isLessThanOrEqualTo(tol);
        }
        assertThat(p.number("orphan_labels")).isZero();
    }

    private static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asLong();
        return out;
    }
}
