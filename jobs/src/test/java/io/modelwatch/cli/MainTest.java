package io.modelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @TempDir Path dir;

    /** Status, stdout and stderr of one command line. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertUsageError(Run r, String containing) {
        assertThat(r.status()).as("status; stderr: %s", r.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("modelwatch ").contains(containing);
    }

    @Test
    void aWrongOptionIsAUsageErrorOnOneLine() {
        assertUsageError(run("backfill", "--input", "x", "--reference", "y", "--bogus"), "Unknown option: '--bogus'");
        // picocli reports missing required options before an unknown one: still one line
        assertUsageError(run("backfill", "--bogus"), "Missing required options");
        assertUsageError(run("generate", "--output", dir.toString(), "--events", "many"), "many");
    }

    @Test
    void generateWritesLabelFilesBesideThePredictions() throws Exception {
        Run r = run("generate", "--output", dir.resolve("p").toString(), "--labels", dir.resolve("l").toString(),
                "--events", "500", "--label-delay-mean", "1m", "--concept-drift-from", "2026-11-24T12:00:00Z");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("l/labels-000.jsonl"))).hasSizeBetween(400, 500)
                .allMatch(l -> l.contains("\"request_id\":\"r") && l.contains("\"label\":"));
        assertUsageError(run("generate", "--output", dir.resolve("q").toString(), "--concept-drift-from",
                "2026-11-24T12:00:00Z"), "--concept-drift-from needs --labels");
        assertUsageError(run("generate", "--output", dir.resolve("q").toString(), "--labels", dir.resolve("m").toString(),
                "--label-delay-mean", "soon"), "--label-delay-mean");
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorOnOneLine() {
        assertUsageError(run("backfill", "--reference", dir.toString()), "--input");
    }

    @Test
    void aMissingInputFileIsAUsageErrorOnOneLine() {
        Run r = run("backfill", "--input", dir.resolve("missing.jsonl").toString(), "--reference", dir.toString(),
                "--day", "2026-11-24");
        assertUsageError(r, "missing.jsonl");
        assertThat(r.err()).contains("no such file or folder");
        assertUsageError(run("reference", "--input", dir.resolve("missing.jsonl").toString(), "--output",
                dir.resolve("out").toString()), "no such file or folder");
    }

    @Test
    void anErrorWhenTheBackfillStartsIsItsOnlyLineWithNoProgressLineBeforeIt() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("in.jsonl"), String.join("\n",
                java.util.stream.IntStream.range(0, 40).mapToObj(i -> "{\"ts\":\"2026-11-24T00:00:" + (10 + i % 50)
                        + "Z\",\"model\":\"m\",\"latency_ms\":5,\"features\":{\"x\":" + i + "}}").toList()));
        Path snapshots = dir.resolve("snapshots");
        Run ref = run("reference", "--input", dir.resolve("in.jsonl").toString(), "--output", snapshots.toString());
        assertThat(ref.status()).as(ref.err()).isZero();
        assertThat(ref.err()).contains("reference: 40 records read"); // a job that ran says how far it got
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = run("backfill", "--input", dir.resolve("in.jsonl").toString(), "--reference", snapshots.toString(),
                "--day", "2026-11-24", "--sink", "influx:http://127.0.0.1:" + closed + "/db");
        assertUsageError(r, "cannot reach InfluxDB at http://127.0.0.1:" + closed);
        assertThat(r.err()).doesNotContain("records read");
    }

    @Test
    void anUnknownCommandIsAUsageErrorOnOneLine() {
        assertUsageError(run("frobnicate"), "frobnicate");
    }

    @Test
    void noCommandIsAUsageErrorOnOneLine() {
        assertUsageError(run(), "a command is needed");
    }

    @Test
    void aBadWindowIsAUsageErrorOnOneLine() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("in.jsonl"), "{}\n");
        assertUsageError(run("backfill", "--input", dir.resolve("in.jsonl").toString(), "--reference", dir.toString(),
                "--day", "2026-11-24", "--window", "99999999999999999999s"), "--window");
        assertUsageError(run("backfill", "--input", dir.resolve("in.jsonl").toString(), "--reference", dir.toString(),
                "--from", "2026-11-25", "--to", "2026-11-24"), "is not before");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "reference", "backfill", "sensors", "agent", "rules", "demo", "bench"})
    void helpOfEverySubcommandSucceedsAndPrintsItsUsage(String command) {
        Run r = run(command, "--help");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: modelwatch " + command);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void helpOfTheToolAndOfTheHelpCommandSucceed() {
        Run top = run("--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).contains("Usage: modelwatch").contains("backfill").contains("reference");
        assertThat(run("help", "backfill").status()).isZero();
        assertThat(run("help", "--help").status()).isZero();
        assertThat(run("rules", "check", "--help").status()).isZero();
        Run version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("modelwatch ");
    }

    @Test
    void rootMessageIsTheFirstLineOfTheDeepestCause() {
        Exception e = new RuntimeException("outer", new IllegalStateException("inner\nsecond line"));
        assertThat(Main.rootMessage(e)).isEqualTo("inner");
        assertThat(Main.rootMessage(new RuntimeException(new NullPointerException()))).isEqualTo("NullPointerException");
    }
}
