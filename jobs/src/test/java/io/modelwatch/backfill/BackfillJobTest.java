package io.modelwatch.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelwatch.cli.Main;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.io.JobOutputs;
import io.modelwatch.testing.JobTesting;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BackfillJob#build} on a {@code fromData} source, its points collected: the golden case {@code shift}'s
 * feature_drift points against the figures tools/golden/backfill_golden.py computed with numpy/scipy, with
 * {@link BackfillGoldenITCase}'s tolerances.
 */
class BackfillJobTest {
    @TempDir Path tmp;

    @Test
    void goldenShiftCaseFromData() throws Exception {
        Path golden = BackfillGoldenITCase.resource("/golden/shift");
        JsonNode expected = BackfillGoldenITCase.JSON.readTree(golden.resolve("expected.json").toFile());
        Path snapshots = tmp.resolve("snapshots");
        assertThat(Main.execute("reference", "--input", golden.resolve("reference").toString(),
                "--output", snapshots.toString())).isZero();

        BackfillConfig c = BackfillConfig.builder().referenceDir(snapshots.toString())
                .fromMillis(Instant.parse(expected.get("from").asText()).toEpochMilli())
                .toMillis(Instant.parse(expected.get("to").asText()).toEpochMilli())
                .drift(new DriftSettings(true, DriftSettings.defaults().alpha, DriftSettings.defaults().minCount)).shards(2).build();
        StreamExecutionEnvironment env = BackfillJob.environment(2);
        JobOutputs out = BackfillJob.build(JobTesting.source(env, JobTesting.rawLines(golden.resolve("current"))), c);
        List<Line> points = BackfillGoldenITCase.of(JobTesting.collect(out.points), "feature_drift");

        assertThat(points).hasSize(expected.get("feature_drift").size());
        List<String> problems = new ArrayList<>();
        for (JsonNode e : expected.get("feature_drift")) {
            Line p = BackfillGoldenITCase.featurePoint(points, expected, e);
            Set<String> want = new TreeSet<>();
            e.fields().forEachRemaining(f -> {
                if (!BackfillGoldenITCase.META.contains(f.getKey()) && !f.getValue().isNull()) want.add(f.getKey());
            });
            for (String k : want) {
                BackfillGoldenITCase.collect(problems, () -> BackfillGoldenITCase.compareField(
                        BackfillGoldenITCase.describe(e), k, p.fields.get(k), e.get(k)));
            }
        }
        assertThat(problems).as("differences from scipy/numpy").isEmpty();
    }
}
