package io.modelwatch.performance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.testing.JobTesting;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CalibrationJob#build} on {@code fromData} prediction and label sources, its counts collected: the golden
 * performance case's reference range gives the calibration counts that tools/golden computed for the binary
 * model (fraud), and no map for the multiclass and regression ones.
 */
class CalibrationJobTest {
    @Test
    void referenceRangeFromDataGivesTheGoldenCalibrationCounts() throws Exception {
        Path dir = Paths.get(CalibrationJobTest.class.getResource("/golden/performance").toURI());
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        long to = Instant.parse(expected.get("from").asText()).toEpochMilli();
        CalibrationConfig c = new CalibrationConfig(List.of(),
                new LabelConfig(List.of(), 3_600_000L, new PerformanceSettings(PerformanceSettings.DEFAULT_THRESHOLD,
                        0, Map.of())), to - 6 * 3_600_000L, to, 2);
        StreamExecutionEnvironment env = BackfillJob.environment(2);
        Map<String, CalibrationMap> maps = CalibrationJob.maps(CalibrationJob.build(
                JobTesting.source(env, JobTesting.rawLines(dir.resolve("reference")), "predictions"),
                JobTesting.source(env, JobTesting.rawLines(dir.resolve("reference-labels")), "labels"), c));

        assertThat(maps.keySet()).containsExactly("fraud");
        assertThat(maps.get("fraud").counts()).containsExactly(longs(expected.get("calibration").get("counts")));
        assertThat(maps.get("fraud").positives()).containsExactly(longs(expected.get("calibration").get("positives")));
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }
}
