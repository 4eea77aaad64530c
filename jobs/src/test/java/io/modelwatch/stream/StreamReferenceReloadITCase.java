package io.modelwatch.stream;

import io.modelwatch.cli.Main;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reference snapshot replaced while an unbounded stream job runs (MiniCluster, real broker, tumbling 1m
 * windows, reference check every 1s, no restarts allowed):
 * <pre>
 *  W1 [10:00,10:01), W2 [10:01,10:02): model-a with snapshot A in the folder        -> scored against A
 *  (A's file replaced by B: built from data shifted by +60, so psi and mean shift of the same data differ)
 *  W3 [10:02,10:03), W4 [10:03,10:04): model-a                                       -> scored against B
 *  model-x throughout: never a snapshot                                              -> model_serving only
 * </pre>
 * The expected figures are {@code backfill}'s over the same model-a records with A and with B.
 */
class StreamReferenceReloadITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final long MINUTE = 60_000;

    @TempDir Path dir;

    /** One record a second in [from, to) minutes after T0; x cycles 20..99 plus a little per minute. */
    static List<String> records(String model, int fromMinute, int toMinute, int everySeconds) {
        List<String> out = new ArrayList<>();
        for (int s = fromMinute * 60; s < toMinute * 60; s += everySeconds) {
            double x = 20 + (s * 7) % 80 + s / 60;
            out.add("{\"ts\":\"" + T0.plusSeconds(s) + "\",\"model\":\"" + model + "\",\"latency_ms\":" + (5 + s % 11)
                    + ",\"features\":{\"x\":" + x + ",\"color\":\"" + (s % 3 == 0 ? "red" : "blue") + "\"}}");
        }
        return out;
    }

    static String closer(int minute) {
        return "{\"ts\":\"" + T0.plusSeconds(minute * 60L) + "\",\"model\":\"model-x\",\"latency_ms\":1,\"features\":{\"y\":1}}";
    }

    /** A snapshot folder of model-a built from 400 records, x = shift + 0..99. */
    Path snapshot(String name, double shift) throws Exception {
        Path in = Files.createDirectories(dir.resolve("ref-" + name)), out = dir.resolve("snap-" + name);
        List<String> lines = new ArrayList<>();
        Instant r0 = Instant.parse("2026-11-24T00:00:00Z");
        for (int i = 0; i < 400; i++) {
            lines.add("{\"ts\":\"" + r0.plusSeconds(i) + "\",\"model\":\"model-a\",\"latency_ms\":5,\"features\":{\"x\":"
                    + (shift + i % 100) + ",\"color\":\"" + (i % 2 == 0 ? "red" : "blue") + "\"}}");
        }
        Files.write(in.resolve("ref.jsonl"), lines);
        assertThat(Main.execute("reference", "--input", in.toString(), "--output", out.toString())).isZero();
        return out;
    }

    Path backfill(String name, Path input, Path snapshots) {
        Path out = dir.resolve(name + ".lp");
        assertThat(Main.execute("backfill", "--input", input.toString(), "--reference", snapshots.toString(),
                "--from", T0.toString(), "--to", T0.plusSeconds(240).toString(), "--window", "1m",
                "--parallelism", "1", "--sink", "file:" + out,
                "--dead-letter", dir.resolve(name + "-dead.jsonl").toString())).isZero();
        return out;
    }

    /** The figures of a model from a line protocol file: measurement{tags} @time -> fields. */
    static Map<String, Map<String, Object>> figures(Path file, String model, Predicate<Long> time) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (!Files.exists(file)) return out;
        for (Line l : LineProtocolReader.read(file)) {
            if (StreamTesting.FIGURES.contains(l.measurement) && model.equals(l.tag("model")) && time.test(l.timestamp)) {
                out.put(StreamTesting.key(l), l.fields);
            }
        }
        return out;
    }

    static long count(Path file, String measurement, String model) {
        return figures(file, model, t -> true).keySet().stream().filter(k -> k.startsWith(measurement + "{")).count();
    }

    static void await(String what, java.util.function.BooleanSupplier done, JobClient job, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!done.getAsBoolean()) {
            JobStatus s = job.getJobStatus().get();
            assertThat(s).as("job status while waiting for " + what).isEqualTo(JobStatus.RUNNING);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; the sink file has: "
                        + (Files.exists(out) ? String.join("\n", Files.readAllLines(out)) : "(no file)"));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Cancels the unbounded job and waits until it has stopped, so a failed or timed-out run never leaves a job
     * (and its MiniCluster) running into the next test; a failure here does not hide the test's own failure.
     */
    static void stop(JobClient job) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already finished or failed: fine, waited for below
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (System.nanoTime() < deadline && !job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
                Thread.sleep(100);
            }
        } catch (Exception e) {
            // the job's MiniCluster is gone with it: nothing left to stop
        }
    }

    @Test
    void aReplacedSnapshotIsUsedForTheWindowsAfterTheSwitchWithoutARestart() throws Exception {
        Path snapA = snapshot("a", 0), snapB = snapshot("b", 60);
        String file = SnapshotFiles.fileName("model-a");
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.copy(SnapshotFiles.newestFile(snapA, "model-a"), live.resolve(file));

        List<String> phase1 = new ArrayList<>(), phase2 = new ArrayList<>(), modelA = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<String> a = records("model-a", w, w + 1, 1), x = records("model-x", w, w + 1, 5);
            modelA.addAll(a);
            (w < 2 ? phase1 : phase2).addAll(a);
            (w < 2 ? phase1 : phase2).addAll(x);
        }
        // One partition, max out-of-orderness 0: the closer at 10:02 sets the watermark to 10:02 - 1ms, which closes
        // W2's pane in the pane operator and fires W2's windows (both at end - 1). It used to fire only when a
        // checkpoint barrier happened to flush W2's pane before that watermark reached the windows.
        phase1.add(closer(2)); // watermark to 10:02 - 1ms: W1 and W2 fire (model-x has no snapshot in W3 anyway)
        phase2.add(closer(4)); // and W3, W4

        // Expected: backfill over the same model-a records, once with A and once with B.
        Path input = Files.createDirectories(dir.resolve("model-a"));
        Files.write(input.resolve("model-a.jsonl"), modelA);
        Path withA = backfill("backfill-a", input, snapA), withB = backfill("backfill-b", input, snapB);
        List<Long> ends = LineProtocolReader.read(withA).stream().map(l -> l.timestamp)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.toList());
        assertThat(ends).hasSize(4);
        Predicate<Long> beforeSwitch = t -> t <= ends.get(1), afterSwitch = t -> t >= ends.get(2);
        Map<String, Map<String, Object>> expected = new TreeMap<>(figures(withA, "model-a", beforeSwitch));
        expected.putAll(figures(withB, "model-a", afterSwitch));
        assertThat(expected.keySet()).anyMatch(k -> k.startsWith("feature_drift{feature=x,"))
                .anyMatch(k -> k.startsWith("feature_drift{feature=color,"))
                .anyMatch(k -> k.startsWith("model_drift{"))
                .anyMatch(k -> k.startsWith("model_serving{"));
        // The two snapshots give clearly different figures for the same windows, so the test can tell them apart.
        Map<String, Map<String, Object>> w3WithA = figures(withA, "model-a", t -> t.equals(ends.get(2)));
        Map<String, Map<String, Object>> w3WithB = figures(withB, "model-a", t -> t.equals(ends.get(2)));
        String x3 = w3WithA.keySet().stream().filter(k -> k.startsWith("feature_drift{feature=x,")).findFirst().orElseThrow();
        double psiA = ((Number) w3WithA.get(x3).get("psi")).doubleValue(), psiB = ((Number) w3WithB.get(x3).get("psi")).doubleValue();
        assertThat(Math.abs(psiA - psiB)).as("psi of W3 against A (" + psiA + ") and B (" + psiB + ")").isGreaterThan(0.1);

        String topic = KAFKA.createTopic("reload", 1);
        Path out = dir.resolve("stream.lp");
        StreamConfig.Builder b = StreamConfig.builder();
        b.bootstrap(KAFKA.bootstrapServers());
        b.topics(List.of(topic));
        b.groupId("reload");
        b.startingOffsets("earliest");
        b.windowMillis(MINUTE);
        b.slideMillis(MINUTE);
        b.maxOutOfOrdernessMillis(0);
        b.idleTimeoutMillis(0);
        b.referenceDir(live.toString());
        b.referenceCheckMillis(1000);
        b.parallelism(1);
        b.shards(2);
        b.checkpointIntervalMillis(300);
        b.restartAttempts(0); // any failure fails the job: RUNNING at the end means it never restarted
        b.sink(SinkSpec.parse("file:" + out));
        b.deadLetterFile(dir.resolve("stream-dead.jsonl").toString());

        KAFKA.send(topic, phase1);
        StreamConfig c = b.build();
        JobClient job = StreamJob.start(c);
        try {
            await("W1 and W2 of model-a", () -> count(out, "model_drift", "model-a") >= 2
                    && count(out, "model_serving", "model-x") >= 2, job, out);
            assertThat(figures(out, "model-a", afterSwitch)).as("nothing after the switch yet").isEmpty();

            // Replace A by B the way a deployment does: written aside, moved over (a newer modification time).
            Path tmp = live.resolve(file + ".tmp");
            Files.copy(SnapshotFiles.newestFile(snapB, "model-a"), tmp);
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(System.currentTimeMillis()));
            Files.move(tmp, live.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(c.referenceCheckMillis() + 300); // the first pane opened after this lists the folder again

            KAFKA.send(topic, phase2);
            await("W3 and W4 of model-a", () -> count(out, "model_drift", "model-a") >= 4
                    && count(out, "model_serving", "model-x") >= 4, job, out);
            Thread.sleep(2 * c.checkpointIntervalMillis()); // nothing more should come; a late duplicate would show below
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            stop(job);
        }

        // Each window of each series written once: figures() keeps the last of two, duplicates() counts them.
        assertThat(StreamTesting.duplicates(out, StreamTesting.FIGURES)).as("points written twice").isEmpty();
        Map<String, Map<String, Object>> actual = figures(out, "model-a", t -> true);
        StreamTesting.assertSamePoints(actual, expected, 1e-9);

        // model-x: serving figures for every window, no drift, nothing counted as bad or late.
        assertThat(figures(out, "model-x", t -> true).keySet()).allMatch(k -> k.startsWith("model_serving{"))
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(Files.exists(Path.of(c.deadLetterFile())) ? Files.readAllLines(Path.of(c.deadLetterFile())) : List.of()).isEmpty();
    }
}
