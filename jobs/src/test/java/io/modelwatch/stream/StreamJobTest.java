package io.modelwatch.stream;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.cli.Main;
import io.modelwatch.io.RawLine;
import io.modelwatch.testing.JobTesting;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamJob#build} on a {@code fromData} source (event time from the lines, as from Kafka), its points
 * collected, against {@link BackfillJob#build} on the same lines: with window == slide the two jobs give the
 * same feature_drift, model_drift and model_serving points (StreamBackfillEquivalenceITCase does the same
 * through Kafka and the CLI).
 */
class StreamJobTest {
    @TempDir Path dir;

    @Test
    void streamFromDataEqualsBackfillFromData() throws Exception {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), snaps = dir.resolve("snapshots");
        assertThat(Main.execute("generate", "--output", ref.toString(), "--models", "model-a",
                "--features", "3", "--categorical", "1", "--events", "600",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T02:00:00Z", "--seed", "1")).isZero();
        assertThat(Main.execute("reference", "--input", ref.toString(), "--output", snaps.toString())).isZero();
        assertThat(Main.execute("generate", "--output", cur.toString(), "--models", "model-a,model-x",
                "--features", "3", "--categorical", "1", "--events", "400", "--drift", "num_000",
                "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-25T02:00:00Z", "--seed", "2")).isZero();
        List<RawLine> lines = JobTesting.rawLines(cur);

        StreamConfig c = StreamConfig.builder().referenceDir(snaps.toString()).referenceCheckMillis(0)
                .windowMillis(3_600_000L).slideMillis(3_600_000L).idleTimeoutMillis(0)
                .parallelism(1).shards(2).checkpointIntervalMillis(0).restartAttempts(0).build();
        StreamExecutionEnvironment env = StreamJob.environment(c);
        DataStream<RawLine> source = JobTesting.source(env, lines).assignTimestampsAndWatermarks(StreamJob.watermarks(c));
        Map<String, Map<String, Object>> stream = byKey(JobTesting.collect(StreamJob.build(source, c).points));

        BackfillConfig b = BackfillConfig.builder().referenceDir(snaps.toString())
                .fromMillis(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli())
                .toMillis(Instant.parse("2026-11-25T02:00:00Z").toEpochMilli()).shards(2).build();
        StreamExecutionEnvironment benv = BackfillJob.environment(1);
        Map<String, Map<String, Object>> backfill =
                byKey(JobTesting.collect(BackfillJob.build(JobTesting.source(benv, lines), b).points));

        // 2 windows x (model-a: 4 features, __prediction, __confidence, model_drift; serving of both models)
        assertThat(backfill).hasSize(2 * (4 + 2 + 1 + 2));
        assertThat(backfill.keySet()).anyMatch(k -> k.startsWith("model_serving{model=model-x"));
        StreamTesting.assertSamePoints(stream, backfill, 1e-12);
    }

    private static Map<String, Map<String, Object>> byKey(List<Line> points) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Line l : points) {
            if (StreamTesting.FIGURES.contains(l.measurement)) out.put(StreamTesting.key(l), l.fields);
        }
        return out;
    }
}
