package io.modelwatch.stream;

import io.modelwatch.influx.SinkSpec;
import io.modelwatch.testing.FaultRun;
import io.modelwatch.testing.KafkaProcess;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away while {@code stream} runs: Kafka as its own process ({@code deploy/local/up}), stopped
 * ({@code deploy/local/down}, TERM) after the first half of the records and some windows are written, kept
 * down for 15 s (the job's client timeouts are 3 s, and the source looks for new partitions every second, so
 * the enumerator's calls fail and the job fails over and restarts from its last checkpoint, again and again
 * until the broker is back), then started again on the same data; the second half is produced after it is
 * back. The windows written equal a clean {@code --bounded} run's over the same topic, each written once.
 */
class StreamKafkaRestartITCase {
    @TempDir Path dir;

    StreamConfig config(String bootstrap, String topic, String name, FaultRun data, boolean bounded) {
        StreamConfig.Builder c = StreamConfig.builder();
        c.bootstrap(bootstrap);
        c.topics(List.of(topic));
        c.groupId(name);
        c.startingOffsets("earliest");
        c.bounded(bounded);
        c.referenceDir(data.snapshots.toString());
        c.referenceCheckMillis(0);
        c.windowMillis(3_600_000L);
        c.slideMillis(1_800_000L);
        c.idleTimeoutMillis(0);
        c.parallelism(2);
        c.shards(2);
        c.checkpointIntervalMillis(500);
        c.checkpointDir(dir.resolve(name + "-checkpoints").toUri().toString());
        c.restartAttempts(bounded ? 0 : 200);
        c.kafkaProperties(new java.util.LinkedHashMap<>(Map.of(
                "request.timeout.ms", "3000", "default.api.timeout.ms", "3000",
                "partition.discovery.interval.ms", "1000", "reconnect.backoff.max.ms", "1000")));
        c.sink(SinkSpec.parse("file:" + dir.resolve(name + ".lp")));
        c.deadLetterFile(dir.resolve(name + "-dead.jsonl").toString());
        return c.build();
    }

    @Test
    void aBrokerDownForLongerThanTheClientTimeoutsLosesAndRepeatsNoWindow() throws Exception {
        FaultRun data = FaultRun.generate(dir.resolve("data"));
        try (KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"))) {
            kafka.start();
            String bootstrap = kafka.bootstrapServers(), topic = "restart";
            FaultRun.createTopic(bootstrap, topic);
            FaultRun.send(bootstrap, topic, data.firstHalf(), 0);

            Path faultFile = dir.resolve("fault.lp");
            JobClient job = StreamJob.start(config(bootstrap, topic, "fault", data, false));
            try {
                // Some windows of the first half written (so checkpoints hold panes and sink positions).
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (FaultRun.points(faultFile).size() < 20) {
                    assertThat(System.nanoTime()).as("windows of the first half written in 180 s").isLessThan(deadline);
                    assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job ended").isFalse();
                    Thread.sleep(500);
                }
                kafka.stop();
                Thread.sleep(15_000);
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job ended while the broker was down").isFalse();
                kafka.start();
                FaultRun.send(bootstrap, topic, data.secondHalf(), data.firstHalf().size());

                // The clean run reads the whole topic as the fault run saw it, from the same broker.
                Path cleanFile = dir.resolve("clean.lp");
                StreamJob.run(config(bootstrap, topic, "clean", data, true));
                FaultRun.awaitPoints(faultFile, FaultRun.points(cleanFile).keySet(), Duration.ofSeconds(240),
                        () -> kafka.logTail(20));
                FaultRun.assertSameWindowsOnce(faultFile, cleanFile);
            } finally {
                try {
                    job.cancel().get();
                } catch (Exception alreadyEnded) {
                    // nothing to stop
                }
            }
        }
    }
}
