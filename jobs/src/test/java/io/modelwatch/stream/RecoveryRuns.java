package io.modelwatch.stream;

import io.modelwatch.influx.SinkSpec;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two runs of a recovery test on one topic: a clean one, and one that the {@link FailOnce} hook fails once, at
 * a record after a completed checkpoint, and that recovers from that checkpoint. Both read the topic from the start
 * to the end (bounded), with parallelism 2, hour windows and checkpoints every 300 ms; a run's points go to
 * {@code dir/NAME.lp}, its dead letters to {@code dir/NAME-dead.jsonl}, its snapshots come from {@code dir/snapshots}.
 */
final class RecoveryRuns {
    private RecoveryRuns() {}

    /** A run's config; {@code failAt} > 0: fails once at that record and may restart twice. */
    static StreamConfig.Builder config(String bootstrap, Path dir, String topic, String name, long failAt) {
        StreamConfig.Builder c = StreamConfig.builder();
        c.bootstrap(bootstrap);
        c.topics(List.of(topic));
        c.groupId(name);
        c.startingOffsets("earliest");
        c.bounded(true);
        c.referenceDir(dir.resolve("snapshots").toString());
        c.windowMillis(3_600_000L);
        c.parallelism(2);
        c.checkpointIntervalMillis(300);
        c.restartAttempts(failAt > 0 ? 2 : 0);
        if (failAt > 0) c.beforeParse(FailOnce.at(failAt));
        c.sink(SinkSpec.parse("file:" + dir.resolve(name + ".lp")));
        c.deadLetterFile(dir.resolve(name + "-dead.jsonl").toString());
        return c;
    }

    /** Runs {@code clean}, then {@code failing}; checks that the failure came and that subtasks restored a checkpoint. */
    static void cleanThenFailing(StreamConfig clean, StreamConfig failing) throws Exception {
        StreamJob.run(clean);
        int failuresBefore = FailOnce.FAILURES.get(), restoredBefore = FailOnce.RESTORED.get();
        StreamJob.run(failing);
        assertThat(FailOnce.FAILURES.get() - failuresBefore).as("injected failures").isPositive();
        assertThat(FailOnce.RESTORED.get() - restoredBefore).as("subtasks restored from a checkpoint").isPositive();
    }
}
