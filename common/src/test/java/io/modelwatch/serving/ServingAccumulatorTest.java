package io.modelwatch.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServingAccumulatorTest {

    private static final long HOUR = 3_600_000L;

    private final PredictionParser parser = new PredictionParser();

    private void add(ServingAccumulator acc, String json) {
        String line = "{\"ts\":0,\"model\":\"m\"" + (json.isEmpty() ? "" : "," + json) + "}";
        assertThat(parser.parse(line.getBytes(StandardCharsets.UTF_8))).as(line).isNull();
        acc.add(parser.record());
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static double nearestRank(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, rank - 1)];
    }

    @Test
    void fieldsOutOfTheirDomainAreLeftOutOfTheirFiguresButTheRecordCounts() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
        add(acc, "\"confidence\":0.2,\"latency_ms\":10,\"ttft_ms\":4,\"output_length\":5,\"retries\":1");
        add(acc, "\"confidence\":0.6,\"latency_ms\":30,\"ttft_ms\":6,\"output_length\":7");
        add(acc, "\"confidence\":1.7,\"latency_ms\":-5,\"ttft_ms\":-1,\"output_length\":-3,\"retries\":-2");
        add(acc, "\"confidence\":-0.1");
        add(acc, "\"confidence\":1.0,\"latency_ms\":0");
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
        assertThat(p.number("count")).isEqualTo(5);
        // confidence 0.2, 0.6, 1.0: mean 0.6, population std sqrt(((0.4)^2 + 0 + 0.4^2) / 3)
        assertThat(p.number("confidence_mean")).isCloseTo(0.6, within(1e-12));
        assertThat(p.number("confidence_std")).isCloseTo(Math.sqrt(0.32 / 3), within(1e-12));
        assertThat(p.number("confidence_p50")).isCloseTo(0.6, within(0.006));
        // latency 10, 30, 0 (the -5 is left out)
        assertThat(p.number("latency_mean")).isCloseTo(40 / 3.0, within(1e-12));
        assertThat(p.number("latency_min")).isEqualTo(0);
        assertThat(p.number("latency_max")).isEqualTo(30);
        assertThat(p.number("ttft_p50")).isCloseTo(4, within(0.04));
        assertThat(p.number("output_length_mean")).isEqualTo(6);
        assertThat(p.number("retry_rate")).isEqualTo(1 / 5.0);
        assertThat(ServingAccumulator.validConfidence(Double.NaN)).isFalse();
        assertThat(ServingAccumulator.validConfidence(Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void ratesCountStatusesAndRetriesOverAllRecords() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
        add(acc, "\"status\":\"ok\"");
        add(acc, "\"status\":\"error\",\"retries\":2");
        add(acc, "\"status\":\"timeout\"");
        add(acc, "\"status\":\"timeout\",\"retries\":1");
        add(acc, "\"status\":\"fallback\"");
        add(acc, "");
        add(acc, "\"retries\":0");
        add(acc, "\"retries\":1");
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
        assertThat(p.measurement).isEqualTo("model_serving");
        assertThat(p.tag("model")).isEqualTo("m");
        assertThat(p.tag("window")).isEqualTo("1h");
        assertThat(p.number("count")).isEqualTo(8);
        assertThat(p.number("qps")).isEqualTo(8 / 3600.0);
        assertThat(p.number("error_rate")).isEqualTo(3 / 8.0); // error + timeout
        assertThat(p.number("timeout_rate")).isEqualTo(2 / 8.0);
        assertThat(p.number("fallback_rate")).isEqualTo(1 / 8.0);
        assertThat(p.number("retry_rate")).isEqualTo(3 / 8.0);
        assertThat(p.timestampNanos).isEqualTo(HOUR * 1_000_000L);
    }

    @Test
    void minMaxAndMeansAreExact() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, 60_000);
        add(acc, "\"latency_ms\":0.125,\"confidence\":0.25,\"output_length\":10");
        add(acc, "\"latency_ms\":1000.5,\"confidence\":0.75,\"output_length\":20");
        add(acc, "\"latency_ms\":33.3,\"confidence\":1.0");
        add(acc, "\"latency_ms\":null,\"confidence\":null");
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1m");
        assertThat(p.number("latency_min")).isEqualTo(0.125);
        assertThat(p.number("latency_max")).isEqualTo(1000.5);
        assertThat(p.number("latency_mean")).isCloseTo((0.125 + 1000.5 + 33.3) / 3, within(1e-12));
        assertThat(p.number("confidence_mean")).isCloseTo((0.25 + 0.75 + 1.0) / 3, within(1e-15));
        double m = (0.25 + 0.75 + 1.0) / 3;
        double std = Math.sqrt(((0.25 - m) * (0.25 - m) + (0.75 - m) * (0.75 - m) + (1.0 - m) * (1.0 - m)) / 3);
        assertThat(p.number("confidence_std")).isCloseTo(std, within(1e-15));
        assertThat(p.number("output_length_mean")).isEqualTo(15.0);
        assertThat(p.number("tokens_per_s")).isEqualTo(30 / 60.0);
    }

    @Test
    void percentilesAreWithinOnePercentOfNearestRank() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int n : new int[] {1, 2, 3, 10, 99, 1000, 20_000}) {
            ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
            double[] latency = new double[n], ttft = new double[n], confidence = new double[n];
            for (int i = 0; i < n; i++) {
                latency[i] = Math.exp(4 + 1.5 * rnd.nextGaussian());
                ttft[i] = latency[i] * 0.2;
                confidence[i] = 0.5 + 0.5 * rnd.nextDouble();
                add(acc, "\"latency_ms\":" + latency[i] + ",\"ttft_ms\":" + ttft[i] + ",\"confidence\":" + confidence[i]);
            }
            Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
            for (int q : new int[] {50, 90, 95, 99}) {
                double expected = nearestRank(latency, q);
                assertThat(p.number("latency_p" + q)).as("p%d of %d", q, n).isCloseTo(expected, within(expected * 0.01));
            }
            assertThat(p.number("ttft_p50")).isCloseTo(nearestRank(ttft, 50), within(nearestRank(ttft, 50) * 0.01));
            assertThat(p.number("ttft_p99")).isCloseTo(nearestRank(ttft, 99), within(nearestRank(ttft, 99) * 0.01));
            double c50 = nearestRank(confidence, 50);
            assertThat(p.number("confidence_p50")).isCloseTo(c50, within(c50 * 0.01));
            assertThat(p.number("latency_p99")).isLessThanOrEqualTo(p.number("latency_max"));
            assertThat(p.number("latency_p50")).isGreaterThanOrEqualTo(p.number("latency_min"));
        }
    }

    @Test
    void zeroLatencyAndZeroConfidenceAreRecordedLikeAnyOtherValue() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
        double[] latency = {0, 0, 12.5, 80, 0, 3};
        double[] confidence = {0, 0.9, 0.95, 0, 0.4, 1};
        for (int i = 0; i < latency.length; i++) {
            add(acc, "\"latency_ms\":" + latency[i] + ",\"ttft_ms\":" + latency[i] + ",\"confidence\":" + confidence[i]);
        }
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
        assertThat(p.number("latency_min")).isZero();
        assertThat(p.number("latency_p50")).isEqualTo(nearestRank(latency, 50)); // 0
        assertThat(p.number("latency_p99")).isCloseTo(80, within(0.8));
        assertThat(p.number("ttft_p50")).isZero();
        assertThat(p.number("confidence_p50")).isCloseTo(nearestRank(confidence, 50), within(0.01));
    }

    @Test
    void tinyAndLargeValuesInOneWindowDoNotBreakTheHistogram() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
        add(acc, "\"latency_ms\":1e-12,\"confidence\":1e-30");
        add(acc, "\"latency_ms\":5,\"confidence\":0.9");
        add(acc, "\"latency_ms\":600000,\"confidence\":0.8");
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
        assertThat(p.number("latency_min")).isEqualTo(1e-12);
        assertThat(p.number("latency_max")).isEqualTo(600000);
        assertThat(p.number("latency_p50")).isCloseTo(5, within(0.05));
        assertThat(p.number("confidence_p50")).isCloseTo(0.8, within(0.008));
    }

    @Test
    void mergingTwoPartialsEqualsOneAccumulatorOfAllRecords() {
        SplittableRandom rnd = new SplittableRandom(8);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String status = new String[] {"ok", "ok", "ok", "error", "timeout", "fallback"}[rnd.nextInt(6)];
            lines.add("\"status\":\"" + status + "\",\"retries\":" + rnd.nextInt(2)
                    + (rnd.nextDouble() < 0.9 ? ",\"latency_ms\":" + Math.exp(3 + rnd.nextGaussian()) : "")
                    + (rnd.nextDouble() < 0.5 ? ",\"ttft_ms\":" + Math.exp(1 + rnd.nextGaussian()) : "")
                    + (rnd.nextDouble() < 0.8 ? ",\"confidence\":" + rnd.nextDouble() : "")
                    + (rnd.nextDouble() < 0.7 ? ",\"output_length\":" + rnd.nextInt(300) : ""));
        }
        ServingAccumulator one = new ServingAccumulator("m", 0, HOUR);
        ServingAccumulator a = new ServingAccumulator("m", 0, HOUR), b = new ServingAccumulator("m", 0, HOUR);
        for (int i = 0; i < lines.size(); i++) {
            add(one, lines.get(i));
            add(i < 700 ? a : b, lines.get(i));
        }
        Point expected = ServingAccumulator.toPoint(one.toPartial(), "1h");
        Point merged = ServingAccumulator.toPoint(ServingAccumulator.merge(a.toPartial(), b.toPartial()), "1h");
        assertThat(merged.fieldKeys).containsExactly(expected.fieldKeys);
        for (String key : expected.fieldKeys) {
            double e = expected.number(key);
            assertThat(merged.number(key)).as(key).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        }
    }

    @Test
    void mergingAPartialWithoutLatencyKeepsTheOtherOnesFigures() {
        ServingAccumulator a = new ServingAccumulator("m", 0, HOUR), b = new ServingAccumulator("m", 0, HOUR);
        add(a, "\"latency_ms\":10");
        add(a, "\"latency_ms\":20");
        add(b, "");
        Point p = ServingAccumulator.toPoint(ServingAccumulator.merge(b.toPartial(), a.toPartial()), "1h");
        assertThat(p.number("count")).isEqualTo(3);
        assertThat(p.number("latency_min")).isEqualTo(10);
        assertThat(p.number("latency_max")).isEqualTo(20);
        assertThat(p.number("latency_mean")).isEqualTo(15);
    }

    @Test
    void aWindowWithoutLatencyOrConfidenceWritesNoSuchFields() {
        ServingAccumulator acc = new ServingAccumulator("m", 0, HOUR);
        add(acc, "\"status\":\"error\"");
        add(acc, "\"latency_ms\":null,\"confidence\":null,\"ttft_ms\":null");
        Point p = ServingAccumulator.toPoint(acc.toPartial(), "1h");
        assertThat(p.fieldKeys).containsExactlyInAnyOrder("count", "qps", "error_rate", "timeout_rate",
                "fallback_rate", "retry_rate", "tokens_per_s");
    }

    @Test
    void anEmptyWindowWritesOnlyCountsAndRates() {
        Point p = ServingAccumulator.toPoint(new ServingAccumulator("m", 0, HOUR).toPartial(), "1h");
        assertThat(p.number("count")).isZero();
        assertThat(p.number("qps")).isZero();
        assertThat(p.hasField("error_rate")).isFalse();
        assertThat(p.hasField("latency_mean")).isFalse();
    }

    @Test
    void statusNamesRoundTrip() {
        assertThat(PredictionRecord.statusName(PredictionRecord.STATUS_OK)).isEqualTo("ok");
        assertThat(PredictionRecord.statusName(PredictionRecord.STATUS_ERROR)).isEqualTo("error");
        assertThat(PredictionRecord.statusName(PredictionRecord.STATUS_TIMEOUT)).isEqualTo("timeout");
        assertThat(PredictionRecord.statusName(PredictionRecord.STATUS_FALLBACK)).isEqualTo("fallback");
    }
}
