package io.modelwatch.cluster;

import io.modelwatch.testing.FlinkRestClient;
import io.modelwatch.testing.LocalFlinkCluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelwatch.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaging proof: the shaded job jar, with Flink {@code provided}, runs the backfill on a real standalone
 * session cluster (a JobManager and a TaskManager as separate JVMs on 127.0.0.1, started by
 * {@code deploy/local/flink-cluster}), submitted through Flink's REST API the way an operator would.
 *
 * <p>Runs in the {@code integration-test} phase (maven-failsafe-plugin), after {@code package} built the jar.
 */
class ClusterSubmissionITCase {

    private static final String FROM = "2026-11-25T00:00:00Z";
    private static final String TO = "2026-11-25T03:00:00Z";
    /** The TaskManager's slots (the script's default), so the job never waits for more than there are. */
    private static final int SLOTS = 2;

    private static final Path TARGET = Path.of(System.getProperty("modelwatch.build.directory", "target"))
            .toAbsolutePath();
    private static final LocalFlinkCluster CLUSTER = new LocalFlinkCluster(TARGET.resolve("flink-cluster-it"));

    @Test
    void backfillFromTheShadedJarRunsOnAStandaloneClusterSubmittedThroughRest() throws Exception {
        Path jar = Path.of(System.getProperty("modelwatch.jobs.jar", TARGET.resolve("modelwatch-jobs.jar").toString()));
        assertThat(jar).as("the shaded job jar (built in the package phase)").isRegularFile();

        long t0 = System.nanoTime();
        CLUSTER.stop(); // a cluster left over by a killed run
        CLUSTER.startInBackground();

        // While the cluster starts: a small data set and its reference snapshot, on the embedded Flink.
        Path data = TARGET.resolve("cluster-it");
        deleteRecursively(data);
        Path ref = data.resolve("reference-logs");
        Path current = data.resolve("current-logs");
        Path snapshots = data.resolve("snapshots");
        Path out = data.resolve("out").resolve("backfill.lp");
        cli("generate", "--output", ref.toString(), "--features", "5", "--categorical", "2", "--events", "2000",
                "--from", "2026-11-24T00:00:00Z", "--to", FROM, "--seed", "1");
        cli("generate", "--output", current.toString(), "--features", "5", "--categorical", "2", "--events", "1000",
                "--from", FROM, "--to", TO, "--drift", "num_000", "--seed", "2");
        cli("reference", "--input", ref.toString(), "--output", snapshots.toString(), "--parallelism", "1");
        long generatedLines = countLines(current);
        assertThat(generatedLines).isEqualTo(1000);
        long tLocal = System.nanoTime();

        String url = CLUSTER.awaitStarted(Duration.ofSeconds(150));
        long tStarted = System.nanoTime();
        FlinkRestClient rest = new FlinkRestClient(url);

        String jarId = rest.uploadJar(jar);
        long tUploaded = System.nanoTime();
        List<String> args = List.of("backfill",
                "--input", current.toString(),
                "--reference", snapshots.toString(),
                "--from", FROM, "--to", TO,
                "--window", "1h",
                "--parallelism", Integer.toString(SLOTS),
                "--sink", "file:" + out);
        String jobId;
        try {
            jobId = rest.runJar(jarId, "io.modelwatch.cli.Main", args);
        } catch (IOException e) {
            throw new AssertionError("submission failed: " + e.getMessage() + "\n" + CLUSTER.logTail("jobmanager", 80), e);
        }
        long tSubmitted = System.nanoTime();

        JsonNode job = CLUSTER.awaitFinished(rest, jobId, Duration.ofSeconds(90));
        long tFinished = System.nanoTime();

        System.out.printf("cluster start %.1f s (local generate+reference meanwhile %.1f s), upload %.1f s, "
                        + "run request %.1f s, job to FINISHED %.1f s (Flink duration %d ms)%n",
                secs(t0, tStarted), secs(t0, tLocal), secs(tStarted, tUploaded), secs(tUploaded, tSubmitted),
                secs(tSubmitted, tFinished), job.path("duration").asLong());

        // The job's output, written by the TaskManager.
        assertThat(out).as("the backfill's line protocol").isRegularFile();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(l -> l.startsWith("feature_drift,"));
        assertThat(lines).anyMatch(l -> l.startsWith("model_serving,"));
        List<String> pipeline = lines.stream().filter(l -> l.startsWith("pipeline,")).toList();
        assertThat(pipeline).hasSize(1);
        assertThat(intField(pipeline.get(0), "records_in")).isEqualTo(generatedLines);
        assertThat(intField(pipeline.get(0), "bad_records")).isZero();

        CLUSTER.stopAndAssertNothingLeft();
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        CLUSTER.stopAndAssertNothingLeft();
    }

    private static void cli(String... args) {
        assertThat(Main.execute(args)).as("modelwatch %s", String.join(" ", args)).isZero();
    }

    private static long intField(String line, String field) {
        Matcher m = Pattern.compile("[ ,]" + field + "=(-?\\d+)i").matcher(line);
        assertThat(m.find()).as("%s in %s", field, line).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long countLines(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) Files.delete(p);
    }
}
