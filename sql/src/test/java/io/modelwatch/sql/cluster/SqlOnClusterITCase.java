package io.modelwatch.sql.cluster;

import io.modelwatch.testing.FlinkRestClient;
import io.modelwatch.testing.LocalFlinkCluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDF jar on a real standalone session cluster (a JobManager and a TaskManager JVM started by
 * {@code deploy/local/flink-cluster}): a jar of {@code io.modelwatch.sql.SqlScriptJob} alone is uploaded through the
 * REST API and runs sql/functions.sql (every {@code CREATE FUNCTION ... USING JAR}, the jar path replaced by this
 * build's target/modelwatch-sql.jar, the only place the function classes are), sql/ddl/predictions_files.sql and
 * sql/queries/drift_report.sql unchanged but for the paths; the drift report's rows, written by the TaskManager,
 * are checked.
 *
 * <p>Runs in the {@code integration-test} phase (maven-failsafe-plugin), after {@code package} built the jar.
 */
class SqlOnClusterITCase {
    private static final String FROM = "2026-11-25T00:00:00Z";
    private static final String TO = "2026-11-25T03:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path TARGET = Path.of(System.getProperty("modelwatch.build.directory", "target"))
            .toAbsolutePath();
    private static final LocalFlinkCluster CLUSTER = new LocalFlinkCluster(TARGET.resolve("flink-cluster-it"));

    @Test
    void functionsFromTheUdfJarRunTheDriftReportOnAStandaloneCluster() throws Exception {
        Path jar = Path.of(System.getProperty("modelwatch.sql.jar", TARGET.resolve("modelwatch-sql.jar").toString()));
        assertThat(jar).as("the UDF jar (built in the package phase)").isRegularFile();
        Path root = LocalFlinkCluster.repositoryRoot();

        long t0 = System.nanoTime();
        CLUSTER.stop(); // a cluster left over by a killed run
        CLUSTER.startInBackground();

        // While the cluster starts: a small prediction log and its reference snapshot, on the embedded Flink.
        Path data = TARGET.resolve("sql-cluster-it");
        deleteRecursively(data);
        Path ref = data.resolve("reference-logs");
        Path logs = data.resolve("logs");
        Path snapshots = data.resolve("snapshots");
        Path out = data.resolve("out");
        cli("generate", "--output", ref.toString(), "--features", "3", "--categorical", "1", "--events", "1500",
                "--from", "2026-11-24T00:00:00Z", "--to", FROM, "--seed", "1");
        cli("generate", "--output", logs.toString(), "--features", "3", "--categorical", "1", "--events", "900",
                "--from", FROM, "--to", TO, "--drift", "num_000", "--drift-shift", "2", "--seed", "2");
        cli("reference", "--input", ref.toString(), "--output", snapshots.toString(), "--parallelism", "1");
        long tLocal = System.nanoTime();

        String url = CLUSTER.awaitStarted(Duration.ofSeconds(150));
        long tStarted = System.nanoTime();
        FlinkRestClient rest = new FlinkRestClient(url);
        // The submitted jar holds the entry class alone: the functions reach the cluster only through
        // CREATE FUNCTION ... USING JAR (the class is not found otherwise).
        Path entryJar = entryClassJar(data.resolve("sql-script-job.jar"));
        String jarId = rest.uploadJar(entryJar);

        List<String> args = List.of("--output", out.toString(), "--no-wait",
                // The analyst's paths in the files, replaced by this machine's (the cluster is local: a plain path,
                // i.e. a file: URI, reaches the jar from the JobManager and the TaskManager).
                "--replace", "/opt/modelwatch/modelwatch-sql.jar=" + jar,
                "--replace", "file:///data/logs=file://" + logs,
                "--replace", "/data/snapshots=" + snapshots,
                root.resolve("sql/functions.sql").toString(),
                root.resolve("sql/ddl/predictions_files.sql").toString(),
                root.resolve("sql/queries/drift_report.sql").toString());
        String jobId;
        try {
            jobId = rest.runJar(jarId, "io.modelwatch.sql.SqlScriptJob", args);
        } catch (IOException e) {
            throw new AssertionError("submission failed: " + e.getMessage() + "\n" + CLUSTER.logTail("jobmanager", 80), e);
        }
        long tSubmitted = System.nanoTime();
        JsonNode job = CLUSTER.awaitFinished(rest, jobId, Duration.ofSeconds(90));
        long tFinished = System.nanoTime();
        System.out.printf("cluster start %.1f s (local generate+reference meanwhile %.1f s), upload+run request %.1f s, "
                        + "job to FINISHED %.1f s (Flink duration %d ms)%n",
                secs(t0, tStarted), secs(t0, tLocal), secs(tStarted, tSubmitted), secs(tSubmitted, tFinished),
                job.path("duration").asLong());

        // The drift report's rows: every feature of every 1-hour window, numbers from the UDFs.
        List<JsonNode> rows = readJsonLines(out);
        Set<String> features = new TreeSet<>();
        Set<String> windows = new TreeSet<>();
        Map<String, Double> minPsi = new HashMap<>();
        for (JsonNode r : rows) {
            String feature = r.path("feature").asText();
            features.add(feature);
            windows.add(r.path("window_end").asText());
            assertThat(r.path("model").asText()).isNotEmpty();
            assertThat(r.path("n_values").asLong()).as(feature).isPositive();
            double psi = r.path("psi").asDouble(Double.NaN);
            assertThat(Double.isFinite(psi) && psi >= 0).as("psi of %s: %s", feature, r).isTrue();
            assertThat(r.path("drift_level").asText()).as(feature).isIn("high", "medium", "low");
            minPsi.merge(feature, psi, Math::min);
        }
        assertThat(windows).as("1-hour windows of %s..%s", FROM, TO).hasSize(3);
        assertThat(features).contains("num_000", "num_001", "num_002", "cat_00");
        assertThat(rows).hasSize(windows.size() * features.size());
        assertThat(minPsi.get("num_000")).as("psi of the drifted feature, every window").isGreaterThan(0.2);
        assertThat(rows).filteredOn(r -> r.path("feature").asText().equals("num_000"))
                .allSatisfy(r -> assertThat(r.path("drift_level").asText()).isEqualTo("high"));
        for (String f : features) {
            if (!f.equals("num_000")) {
                assertThat(minPsi.get(f)).as("psi of undrifted %s below the drifted one", f)
                        .isLessThan(minPsi.get("num_000"));
            }
        }

        CLUSTER.stopAndAssertNothingLeft();
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        CLUSTER.stopAndAssertNothingLeft();
    }

    /** A jar of SqlScriptJob's classes only (from target/classes), none of the functions. */
    private static Path entryClassJar(Path jar) throws IOException {
        Path classes = Path.of(System.getProperty("modelwatch.classes.directory", TARGET.resolve("classes").toString()));
        Path pkg = classes.resolve("io/modelwatch/sql");
        List<Path> entry;
        try (Stream<Path> files = Files.list(pkg)) {
            entry = files.filter(f -> f.getFileName().toString().matches("SqlScriptJob(\\$.*)?\\.class")).sorted().toList();
        }
        assertThat(entry).isNotEmpty();
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (Path f : entry) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void cli(String... args) {
        assertThat(Main.execute(args)).as("modelwatch %s", String.join(" ", args)).isZero();
    }

    /** The JSON lines of every visible file under the sink's folder. */
    private static List<JsonNode> readJsonLines(Path dir) throws IOException {
        assertThat(dir).as("the query's output folder").isDirectory();
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
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
