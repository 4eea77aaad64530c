package io.modelwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelwatch.testing.FaultRun;
import io.modelwatch.testing.FlinkRestClient;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LocalFlinkCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real process fault: {@code stream} runs on a standalone cluster of a JobManager and two TaskManagers
 * ({@code deploy/local/flink-cluster start --taskmanagers 2}, slots spread evenly, so both hold tasks), with
 * checkpoints to files every second. Once windows of the first half of the records are written, the second
 * TaskManager's JVM gets SIGKILL; the second half is produced while the job recovers (restart strategy, on the
 * remaining TaskManager's slots, from the last checkpoint). The windows written equal a clean
 * {@code --bounded} run's over the same topic, each written once; the job's exception history shows the loss.
 */
class StreamTaskManagerKillITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path TARGET = Path.of(System.getProperty("modelwatch.build.directory", "target")).toAbsolutePath();
    private static final LocalFlinkCluster CLUSTER = new LocalFlinkCluster(TARGET.resolve("flink-cluster-kill-it"));

    @Test
    void aTaskManagerKilledMidStreamLosesAndRepeatsNoWindow() throws Exception {
        Path jar = Path.of(System.getProperty("modelwatch.jobs.jar", TARGET.resolve("modelwatch-jobs.jar").toString()));
        assertThat(jar).as("the shaded job jar (built in the package phase)").isRegularFile();
        CLUSTER.stop();
        // A lost TaskManager is noticed by its missed heartbeats: 10 s instead of 50 s keeps the test short. Three
        // JVMs starting at once on a loaded machine can take longer than the actor system's 10 s start-up timeout.
        String conf = "heartbeat.interval: 2000\nheartbeat.timeout: 10000\n"
                + "cluster.evenly-spread-out-slots: true\n";
        CLUSTER.startInBackgroundWithConf(conf, "--taskmanagers", "2", "--slots", "2", "--timeout", "300");

        Path dir = TARGET.resolve("tm-kill-it");
        StreamSavepointUpgradeITCase.deleteRecursively(dir);
        Files.createDirectories(dir);
        FaultRun data = FaultRun.generate(dir.resolve("data"));
        String topic = "tm-kill";
        FaultRun.createTopic(KAFKA.bootstrapServers(), topic);
        FaultRun.send(KAFKA.bootstrapServers(), topic, data.firstHalf(), 0);
        Path out = dir.resolve("cluster.lp");

        String url;
        try {
            url = CLUSTER.awaitStarted(Duration.ofSeconds(330));
        } catch (AssertionError e) {
            // On a machine loaded far beyond its cores, three JVMs starting at once can miss Pekko's fixed 10 s
            // remoting start-up timeout (pekko.remote.classic.startup-timeout, which Flink does not expose): once more.
            System.err.println("flink-cluster start failed, starting it once more: " + e.getMessage());
            CLUSTER.stop();
            CLUSTER.startInBackgroundWithConf(conf, "--taskmanagers", "2", "--slots", "2", "--timeout", "300");
            url = CLUSTER.awaitStarted(Duration.ofSeconds(330));
        }
        FlinkRestClient rest = new FlinkRestClient(url);
        String jobId = rest.runJar(rest.uploadJar(jar), "io.modelwatch.cli.Main",
                data.streamArgs(KAFKA.bootstrapServers(), topic, "tm-kill", out,
                        "--checkpoint-interval", "1s", "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                        "--restart-attempts", "60"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (FaultRun.points(out).size() < 20) {
                assertThat(System.nanoTime()).as("windows of the first half written in 240 s\n"
                        + rest.exceptions(jobId) + CLUSTER.logTail("jobmanager", 40)).isLessThan(deadline);
                Thread.sleep(500);
            }
            // Kill a TaskManager that runs tasks of the job: on an idle machine all of a parallelism-2 job may sit
            // in one TaskManager's two slots, and killing the other would test nothing.
            String victim = busyTaskManager(rest);
            long pid = Long.parseLong(Files.readString(CLUSTER.workdir().resolve("pids/" + victim + ".pid")).trim());
            ProcessHandle tm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(victim + " is not running"));
            assertThat(tm.destroyForcibly()).as("SIGKILL to " + victim).isTrue();
            tm.onExit().get();
            FaultRun.send(KAFKA.bootstrapServers(), topic, data.secondHalf(), data.firstHalf().size());

            Path clean = dir.resolve("clean.lp");
            data.runClean(KAFKA.bootstrapServers(), topic, clean);
            FaultRun.awaitPoints(out, FaultRun.points(clean).keySet(), Duration.ofSeconds(300),
                    () -> rest.exceptions(jobId) + CLUSTER.logTail("jobmanager", 60));
            JsonNode job = rest.job(jobId);
            assertThat(job.path("state").asText()).as("job state").isEqualTo("RUNNING");
            assertThat(rest.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size())
                    .as("failures the job recovered from\n" + rest.exceptions(jobId)).isPositive();
            FaultRun.assertSameWindowsOnce(out, clean);
        } finally {
            try {
                rest.cancel(jobId);
            } catch (Exception e) {
                // already ended
            }
        }
        CLUSTER.stopAndAssertNothingLeft();
    }

    /** The name (pid file) of a TaskManager with a slot in use, found by the ResourceID its log states. */
    private static String busyTaskManager(FlinkRestClient rest) throws Exception {
        for (JsonNode t : rest.get("/taskmanagers").path("taskmanagers")) {
            if (t.path("freeSlots").asInt() >= t.path("slotsNumber").asInt()) continue;
            String id = t.path("id").asText();
            for (String name : new String[] {"taskmanager", "taskmanager-2"}) {
                Path log = CLUSTER.workdir().resolve("log/" + name + ".log");
                if (Files.exists(log) && Files.readString(log).contains("ResourceID: " + id)) return name;
            }
            throw new AssertionError("no TaskManager log names ResourceID " + id);
        }
        throw new AssertionError("no TaskManager has a slot in use: " + rest.get("/taskmanagers"));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        CLUSTER.stopAndAssertNothingLeft();
    }
}
