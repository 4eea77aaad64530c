package io.modelwatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.testing.JobTesting;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReferenceJob#build} on a {@code fromData} source, its summary collected: the golden case {@code shift}'s
 * snapshot against the counts, means and standard deviations tools/golden/backfill_golden.py computed with numpy
 * (BackfillGoldenITCase checks the rest of it, through the CLI).
 */
class ReferenceJobTest {
    @TempDir Path tmp;

    @Test
    void goldenShiftReferenceFromData() throws Exception {
        Path golden = Paths.get(ReferenceJobTest.class.getResource("/golden/shift").toURI());
        JsonNode expected = new ObjectMapper().readTree(golden.resolve("expected.json").toFile()).get("snapshots");
        Path out = tmp.resolve("snapshots");
        ReferenceConfig c = ReferenceConfig.builder().output(out).deadLetter(tmp.resolve("dead.jsonl")).build();
        StreamExecutionEnvironment env = BackfillJob.environment(2);
        ReferenceJob.Outputs o = ReferenceJob.build(JobTesting.source(env, JobTesting.rawLines(golden.resolve("reference"))), c);
        List<String> summary = new ArrayList<>();
        try (CloseableIterator<String> it = o.summary().executeAndCollect("test")) {
            it.forEachRemaining(summary::add);
        }

        assertThat(summary).hasSize(1).allMatch(l -> l.contains("shift"));
        Map<String, Snapshot> snapshots = SnapshotFiles.readAll(out);
        Snapshot s = snapshots.get("shift");
        assertThat(snapshots.keySet()).containsExactly("shift");
        assertThat(s.records).isEqualTo(expected.get("shift").get("records").asLong());
        Iterator<Map.Entry<String, JsonNode>> numeric = expected.get("shift").get("numeric").fields();
        int n = 0;
        while (numeric.hasNext()) {
            Map.Entry<String, JsonNode> f = numeric.next();
            NumericReference ref = s.numeric(s.numericIndex(f.getKey()));
            assertThat(ref.count).as(f.getKey()).isEqualTo(f.getValue().get("count").asLong());
            assertThat(ref.mean).as(f.getKey()).isCloseTo(f.getValue().get("mean").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(ref.std).as(f.getKey()).isCloseTo(f.getValue().get("std").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
            n++;
        }
        assertThat(s.numeric()).hasSize(n);
    }
}
