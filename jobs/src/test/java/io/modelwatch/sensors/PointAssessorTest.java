package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Status and 3-sigma anomaly flags on scripted sequences, without Flink. */
class PointAssessorTest {
    private final Map<String, MetricWindow> state = new HashMap<>();
    private final PointAssessor.History history = new PointAssessor.History() {
        @Override
        public MetricWindow get(String field) {
            return state.get(field);
        }

        @Override
        public void put(String field, MetricWindow window) {
            state.put(field, window);
        }
    };
    private final PointAssessor assessor = new PointAssessor(Thresholds.defaults());

    private static Point host(double cpu, double mem) {
        return Point.builder("host").tag("host", "h").timeMillis(1_764_000_000_000L)
                .field("cpu_percent", cpu).field("mem_percent", mem)
                .intField("mem_total_bytes", 8L << 30).field("load1", 1.0).build();
    }

    private static boolean anomaly(Point p) {
        assertThat(p.fieldKinds[p.fieldIndex("cpu_percent_anomaly")]).isEqualTo(Point.BOOLEAN);
        return p.number("cpu_percent_anomaly") == 1.0;
    }

    @Test
    void statusPerMetricAndTheWorstForThePoint() throws Exception {
        Point p = assessor.assess(host(75, 50), history);
        assertThat(p.string("cpu_percent_status")).isEqualTo("warning");
        assertThat(p.string("mem_percent_status")).isEqualTo("normal");
        assertThat(p.string("status")).isEqualTo("warning");
        assertThat(p.hasField("load1_status")).isFalse();
        assertThat(p.hasField("mem_total_bytes_anomaly")).isFalse();
        assertThat(p.hasField("load1_anomaly")).isTrue();

        assertThat(assessor.assess(host(10, 95), history).string("status")).isEqualTo("critical");
        assertThat(assessor.assess(host(10, 10), history).string("status")).isEqualTo("normal");
        // Raw values are kept with their types.
        assertThat(p.number("cpu_percent")).isEqualTo(75.0);
        assertThat(p.fieldKinds[p.fieldIndex("mem_total_bytes")]).isEqualTo(Point.INTEGER);
    }

    @Test
    void aPointWithoutThresholdedMetricsIsNormal() throws Exception {
        Point gpu = Point.builder("gpu").tag("host", "h").tag("gpu", "0").timeMillis(1).field("temperature_c", 99).build();
        assertThat(assessor.assess(gpu, history).string("status")).isEqualTo("normal");
    }

    @Test
    void aSpikeAfterNoiseIsFlaggedAndNoiseIsNot() throws Exception {
        Random r = new Random(7);
        List<Boolean> flags = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            flags.add(anomaly(assessor.assess(host(30 + r.nextGaussian(), 40), history)));
        }
        assertThat(flags).doesNotContain(true);
        assertThat(anomaly(assessor.assess(host(45, 40), history))).isTrue();
        assertThat(anomaly(assessor.assess(host(31, 40), history))).isFalse();
    }

    @Test
    void nothingIsFlaggedBeforeTenSamples() throws Exception {
        for (int i = 0; i < MetricWindow.MIN_HISTORY; i++) {
            assertThat(anomaly(assessor.assess(host(i % 2 == 0 ? 1 : 99, 40), history))).isFalse();
        }
    }

    @Test
    void theWindowKeepsTheLastHundredSoANewLevelBecomesNormal() {
        MetricWindow w = new MetricWindow();
        for (int i = 0; i < 100; i++) w.add(10 + (i % 2));
        assertThat(w.isAnomaly(50)).isTrue();
        for (int i = 0; i < 100; i++) w.add(50 + (i % 2));
        assertThat(w.size).isEqualTo(MetricWindow.CAPACITY);
        assertThat(w.isAnomaly(50)).isFalse();
        assertThat(w.isAnomaly(10)).isTrue();
    }

    @Test
    void aFlatLineFlagsAStepButNotItself() {
        MetricWindow w = new MetricWindow();
        for (int i = 0; i < 20; i++) w.add(0.0);
        assertThat(w.isAnomaly(0.0)).isFalse();
        assertThat(w.isAnomaly(0.5)).isTrue();
    }
}
