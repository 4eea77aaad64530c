package io.modelwatch.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's redaction proof: {@code reference} and {@code backfill} (with labels, so the label join's dead letters
 * are in it) run as a user runs them, each in its own JVM with the CLI's log file, over hostile input: secrets
 * inside bad lines (one that Jackson's error message quotes), inside a 10 kB value, in a feature whose name holds
 * the secret, in top-level fields, in an orphan label. Then every byte under the run's folder (points, dead
 * letters, the InfluxDB-refused-lines file if any, snapshots, the log) is searched for every planted value. The
 * same runs without {@code --redact} must find every one of them: the search can fail.
 */
class RedactionSearchITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    /** Each planted value, with where it was planted (for the failure message). */
    private static final Map<String, String> SECRETS = new TreeMap<>(Map.of(
            "PLANT-EMAIL-4f1c", "features.email (hash)",
            "PLANT-USER-77aa", "top-level user_id (drop)",
            "PLANT-LONG-9b0e", "inside a 10 kB features.notes value (mask)",
            "PLANT-NAME-3d2e", "the name of a dropped feature",
            "PLANT-TRUNC-5a5a", "a truncated line (unparsable)",
            "PLANT-TOKEN-c0de", "a bare token Jackson's error message quotes",
            "PLANT-REQ-8c8c", "request_id of an orphan label (hash)",
            "PLANT-CTRY-1a2b", "an unseen category of features.country (mask): an anomaly reason's value"));

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeInputs() throws IOException {
        List<String> clean = new ArrayList<>();
        List<String> hostile = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        String notes = "n".repeat(5_000) + "PLANT-LONG-9b0e" + "n".repeat(5_000);
        for (int i = 0; i < 300; i++) {
            String ts = Instant.ofEpochMilli(T0 + i * 10_000L).toString();
            clean.add("{\"ts\":\"" + ts + "\",\"model\":\"fraud\",\"request_id\":\"r" + i + "\",\"latency_ms\":12,"
                    + "\"features\":{\"x\":" + rnd.nextDouble() + ",\"country\":\"" + (i % 2 == 0 ? "de" : "fr") + "\"}}");
            hostile.add("{\"ts\":\"" + ts + "\",\"model\":\"fraud\",\"request_id\":\"r" + i + "\",\"user_id\":\"PLANT-USER-77aa\","
                    + "\"latency_ms\":12,\"features\":{\"x\":" + (i % 25 == 0 ? 5 : rnd.nextDouble())
                    + ",\"country\":\"" + (i % 30 == 0 ? "PLANT-CTRY-1a2b" : "de") + "\","
                    + "\"email\":\"PLANT-EMAIL-4f1c@example.com\",\"PLANT-NAME-3d2e\":1"
                    + (i % 50 == 0 ? ",\"notes\":\"" + notes + "\"" : "") + "}}");
        }
        List<String> bad = List.of(
                "{\"ts\":\"2026-11-24T10:00:00Z\",\"model\":\"fraud\",\"features\":{\"email\":\"PLANT-TRUNC-5a5a\"",
                "{\"ts\":\"2026-11-24T10:00:00Z\",\"model\":\"fraud\",\"features\":{\"email\": PLANT-TOKEN-c0de}}",
                "{\"ts\":\"2026-11-24T10:00:00Z\",\"user_id\":\"PLANT-USER-77aa\",\"features\":{\"email\":\"PLANT-EMAIL-4f1c\","
                        + "\"PLANT-NAME-3d2e\":2,\"notes\":\"" + notes + "\"}}");
        hostile.addAll(bad);
        clean.addAll(bad.subList(0, 2)); // the reference's dead letters too
        Files.write(dir.resolve("clean.jsonl"), clean, StandardCharsets.UTF_8);
        Files.write(dir.resolve("hostile.jsonl"), hostile, StandardCharsets.UTF_8);
        Files.write(dir.resolve("labels.jsonl"), List.of(
                "{\"ts\":\"2026-11-24T10:00:05Z\",\"model\":\"fraud\",\"request_id\":\"r0\",\"label\":1}",
                "{\"ts\":\"2026-11-24T10:00:06Z\",\"model\":\"fraud\",\"request_id\":\"PLANT-REQ-8c8c\",\"label\":0}"),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("redact.yaml"), "fields:\n"
                + "  user_id: drop\n"
                + "  request_id: hash\n"
                + "  features.email: hash\n"
                + "  features.notes: mask\n" + "  features.country: mask\n"
                + "  features.PLANT-NAME-3d2e: drop\n", StandardCharsets.UTF_8);
    }

    @Test
    void nothingOfARedactedFieldIsInAnyOutputByte() throws Exception {
        Path run = runBoth(true);
        Map<String, List<String>> found = search(run);
        assertThat(found).as("planted values found under " + run).isEmpty();
        assertThat(run.resolve("log/modelwatch.log")).as("the job's log file was searched too").isNotEmptyFile();

        // not vacuous: the dead letters are there, redacted in the documented shapes
        List<JsonNode> dl = jsonLines(run.resolve("out/dead-letter.jsonl"));
        assertThat(dl).hasSize(4); // truncated, bare token, no model; the orphan label
        assertThat(dl.stream().filter(d -> d.get("record").isObject()).count()).as("unparsed lines").isEqualTo(2);
        for (JsonNode d : dl) {
            if (!d.get("record").isObject()) continue;
            assertThat(d.get("record").get("unparsed_bytes").intValue()).isGreaterThan(50);
            assertThat(d.get("record").get("sha256").asText()).hasSize(64);
        }
        JsonNode noModel = dl.stream().filter(d -> d.get("reason").asText().equals("missing model")).findFirst().orElseThrow();
        JsonNode rec = JSON.readTree(noModel.get("record").asText());
        assertThat(rec.has("user_id")).isFalse();
        assertThat(rec.get("features").get("email").asText()).hasSize(64); // hex HMAC
        assertThat(rec.get("features").get("notes").asText()).isEqualTo("***");
        assertThat(jsonLines(run.resolve("ref/dead-letter.jsonl"))).hasSize(2);
        // the anomaly records are there, with everything of a redacted field redacted, reasons' values included
        List<JsonNode> anomalies = jsonLines(run.resolve("out/anomalies.jsonl"));
        assertThat(anomalies).hasSizeGreaterThanOrEqualTo(20);
        for (JsonNode a : anomalies) {
            assertThat(a.get("request_id").asText()).hasSize(64); // hashed, as the rule says
            assertThat(a.get("record").has("user_id")).isFalse();
            for (JsonNode reason : a.get("reasons")) {
                if (reason.get("feature").asText().equals("country")) assertThat(reason.get("value").asText()).isEqualTo("***");
            }
        }
        assertThat(anomalies.stream().flatMap(a -> java.util.stream.StreamSupport.stream(a.get("reasons").spliterator(), false))
                .map(r -> r.get("reason").asText()).distinct().sorted().toList()).containsExactly("out_of_range", "unseen");
        assertThat(Files.readString(run.resolve("out/backfill.lp"))).contains("feature_drift,");
    }

    @Test
    void withoutRedactTheSameSearchFindsEveryPlantedValue() throws Exception {
        Path run = runBoth(false);
        Map<String, List<String>> found = search(run);
        assertThat(found.keySet()).as("found without --redact").containsExactlyInAnyOrderElementsOf(SECRETS.keySet());
    }

    private static Path runBoth(boolean redact) throws Exception {
        Path run = dir.resolve(redact ? "redacted" : "plain");
        Files.createDirectories(run.resolve("log"));
        List<String> r = new ArrayList<>(List.of("reference", "--input", dir.resolve("clean.jsonl").toString(),
                "--output", run.resolve("ref").toString(), "--parallelism", "1"));
        if (redact) r.addAll(List.of("--redact", dir.resolve("redact.yaml").toString()));
        cli(run, "reference", r);
        List<String> b = new ArrayList<>(List.of("backfill", "--input", dir.resolve("hostile.jsonl").toString(),
                "--reference", run.resolve("ref").toString(), "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z",
                "--window", "1h", "--min-count", "10", "--labels", dir.resolve("labels.jsonl").toString(),
                "--sink", "file:" + run.resolve("out/backfill.lp"), "--dead-letter", run.resolve("out/dead-letter.jsonl").toString(),
                "--parallelism", "1", "--anomalies", run.resolve("out/anomalies.jsonl").toString()));
        if (redact) b.addAll(List.of("--redact", dir.resolve("redact.yaml").toString()));
        cli(run, "backfill", b);
        return run;
    }

    /** The CLI in its own JVM, as bin/modelwatch starts it (its log4j configuration and log file), the key in its environment. */
    private static void cli(Path run, String name, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports")) cmd.add(a);
        }
        cmd.add("-Dmodelwatch.cli=true");
        cmd.add("-Dlog4j2.configurationFile=" + repositoryRoot().resolve("jobs/src/main/resources/log4j2-cli.properties"));
        cmd.add("-Dmodelwatch.log.file=" + run.resolve("log/modelwatch.log"));
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.modelwatch.cli.Main");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(run.resolve("log/" + name + ".out").toFile())
                .redirectError(run.resolve("log/" + name + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(RedactionRules.KEY_ENV, "test-key-not-a-secret");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(name + " finished in 300 s").isTrue();
        assertThat(p.exitValue()).as(name + " exit status\n" + Files.readString(run.resolve("log/" + name + ".err"))).isEqualTo(0);
    }

    /** Planted value -> the files (relative to {@code run}) whose bytes hold it. */
    private static Map<String, List<String>> search(Path run) throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("output files").hasSizeGreaterThan(4);
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (String secret : SECRETS.keySet()) {
                if (indexOf(bytes, secret.getBytes(StandardCharsets.UTF_8)) >= 0) {
                    found.computeIfAbsent(secret, k -> new ArrayList<>()).add(run.relativize(f) + " (" + SECRETS.get(secret) + ")");
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static List<JsonNode> jsonLines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) if (!l.isBlank()) out.add(JSON.readTree(l));
        return out;
    }

    private static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("jobs/src/main/resources"))) return d;
        }
        throw new IllegalStateException("repository root not found");
    }
}
